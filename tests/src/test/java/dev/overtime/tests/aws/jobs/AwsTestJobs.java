package dev.overtime.tests.aws.jobs;

import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JobDescriptors;
import java.time.Duration;

/** Written by hand in the shape overtime-processor generates for {@code Jobs}. */
public final class AwsTestJobs {
  public static final JobDescriptor<Text, TextStats> AWS_MEASURE =
      JobDescriptors.builder("aws-measure", Text.class, JobType.of(TextStats.class))
          .handlerClass("dev.overtime.tests.aws.jobs.Measure")
          .timeout(Duration.ofSeconds(600))
          .memoryMib(2048)
          .cpuUnits(1024)
          .retries(0)
          .build();

  public static final JobDescriptor<Wait, Void> AWS_WAIT =
      JobDescriptors.builder("aws-wait", Wait.class, JobType.of(Void.class))
          .handlerClass("dev.overtime.tests.aws.jobs.WaitForCancel")
          .timeout(Duration.ofSeconds(600))
          .memoryMib(2048)
          .cpuUnits(1024)
          .retries(0)
          .build();

  public static final JobDescriptor<Text, TextStats> AWS_FAIL_ONCE =
      JobDescriptors.builder("aws-fail-once", Text.class, JobType.of(TextStats.class))
          .handlerClass("dev.overtime.tests.aws.jobs.FailOnce")
          .timeout(Duration.ofSeconds(600))
          .memoryMib(2048)
          .cpuUnits(1024)
          .retries(1)
          .build();

  private AwsTestJobs() {}
}
