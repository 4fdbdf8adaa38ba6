package dev.overtime.tests.local.jobs;

import dev.overtime.runtime.spi.JobBinding;
import dev.overtime.runtime.spi.JobRegistry;
import java.util.List;

/** Written by hand in the shape overtime-processor generates; see {@link Jobs}. */
public final class JobsRegistry implements JobRegistry {
  @Override
  public List<JobBinding<?, ?>> jobs() {
    return List.of(
        JobBinding.of(Jobs.LOCAL_FAIL, Fail::new),
        JobBinding.of(Jobs.LOCAL_GREET, Greet::new),
        JobBinding.of(Jobs.LOCAL_MEASURE, Measure::new),
        JobBinding.of(Jobs.LOCAL_SLEEP, Sleep::new));
  }

  @Override
  public String manifestResource() {
    return "META-INF/overtime/dev.overtime.tests.local.jobs.json";
  }
}
