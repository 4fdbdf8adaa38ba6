package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import dev.overtime.NonRetryableException;

/** Throws until {@code succeedOnAttempt}, then returns the attempt number. Declares 2 retries. */
@JobHandler(value = "local-fail", timeout = "120 seconds", memory = "128 MB", retries = 2)
public final class Fail implements Job<Failure, Integer> {
  @Override
  public Integer run(Failure payload, JobContext context) {
    if (payload.succeedOnAttempt() > 0 && context.attempt() >= payload.succeedOnAttempt()) {
      return context.attempt();
    }
    if (payload.nonRetryable()) {
      throw new NonRetryableException(payload.reason());
    }
    throw new IllegalStateException(payload.reason() + " (attempt " + context.attempt() + ")");
  }
}
