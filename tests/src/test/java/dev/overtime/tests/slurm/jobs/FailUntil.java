package dev.overtime.tests.slurm.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/** Throws until attempt {@code succeedOnAttempt}, then returns the attempt. Declares 2 retries. */
@JobHandler(value = "slurm-flaky", timeout = "120 seconds", memory = "128 MB", retries = 2)
public final class FailUntil implements Job<Flaky, Integer> {
  @Override
  public Integer run(Flaky payload, JobContext context) {
    if (payload.succeedOnAttempt() > 0 && context.attempt() >= payload.succeedOnAttempt()) {
      return context.attempt();
    }
    throw new IllegalStateException("failing on purpose (attempt " + context.attempt() + ")");
  }
}
