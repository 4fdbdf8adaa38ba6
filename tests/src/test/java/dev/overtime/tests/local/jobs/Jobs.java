package dev.overtime.tests.local.jobs;

import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.spi.Engine;
import java.time.Duration;
import java.util.List;

/**
 * Written by hand in the shape overtime-processor generates, for the local engine's end-to-end
 * tests (the handlers are not annotated, so the processor generates nothing for them). Job names
 * start with {@code local-} so that they never clash with fixtures of other tests on this class path.
 */
public final class Jobs {
  public static final JobDescriptor<Failure, Integer> LOCAL_FAIL =
      JobDescriptor.builder("local-fail", Failure.class, JobType.of(Integer.class))
          .handlerClass("dev.overtime.tests.local.jobs.Fail").timeout(Duration.ofSeconds(120))
          .memoryMb(128).cpuUnits(1024).retries(2).build();

  public static final JobDescriptor<Greeting, String> LOCAL_GREET =
      JobDescriptor.builder("local-greet", Greeting.class, JobType.of(String.class))
          .handlerClass("dev.overtime.tests.local.jobs.Greet").timeout(Duration.ofSeconds(120))
          .memoryMb(128).cpuUnits(1024).retries(0).build();

  public static final JobDescriptor<Blob, String> LOCAL_MEASURE =
      JobDescriptor.builder("local-measure", Blob.class, JobType.of(String.class))
          .handlerClass("dev.overtime.tests.local.jobs.Measure").timeout(Duration.ofSeconds(120))
          .memoryMb(256).cpuUnits(1024).retries(0).build();

  public static final JobDescriptor<Nap, Long> LOCAL_SLEEP =
      JobDescriptor.builder("local-sleep", Nap.class, JobType.of(Long.class))
          .handlerClass("dev.overtime.tests.local.jobs.Sleep").timeout(Duration.ofSeconds(300))
          .memoryMb(128).cpuUnits(1024).retries(0).build();

  private Jobs() {}

  public static JobClient<Failure, Integer> localFail() {
    return JobClient.of(LOCAL_FAIL);
  }

  public static JobClient<Failure, Integer> localFail(Engine engine) {
    return JobClient.of(LOCAL_FAIL, engine);
  }

  public static JobClient<Greeting, String> localGreet() {
    return JobClient.of(LOCAL_GREET);
  }

  public static JobClient<Greeting, String> localGreet(Engine engine) {
    return JobClient.of(LOCAL_GREET, engine);
  }

  public static JobClient<Blob, String> localMeasure() {
    return JobClient.of(LOCAL_MEASURE);
  }

  public static JobClient<Blob, String> localMeasure(Engine engine) {
    return JobClient.of(LOCAL_MEASURE, engine);
  }

  public static JobClient<Nap, Long> localSleep() {
    return JobClient.of(LOCAL_SLEEP);
  }

  public static JobClient<Nap, Long> localSleep(Engine engine) {
    return JobClient.of(LOCAL_SLEEP, engine);
  }

  public static List<JobDescriptor<?, ?>> all() {
    return List.of(LOCAL_FAIL, LOCAL_GREET, LOCAL_MEASURE, LOCAL_SLEEP);
  }
}
