package dev.overtime.tests.aws.jobs;

import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobRegistry;
import java.util.List;

/**
 * Written by hand in the shape overtime-processor generates. Listed in a services file that {@code
 * AwsPath} writes for the emulated containers only, so it never collides with the registries
 * generated into the test classes.
 */
public final class AwsTestJobsRegistry implements JobRegistry {
  @Override
  public List<JobBinding<?, ?>> jobs() {
    return List.of(
        JobBinding.of(AwsTestJobs.AWS_MEASURE, Measure::new),
        JobBinding.of(AwsTestJobs.AWS_WAIT, WaitForCancel::new),
        JobBinding.of(AwsTestJobs.AWS_FAIL_ONCE, FailOnce::new));
  }

  @Override
  public String manifestResource() {
    return "META-INF/overtime/dev.overtime.tests.aws.jobs.json";
  }
}
