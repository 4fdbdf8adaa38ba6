package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/**
 * Prints {@code <text> (attempt <n>)} to standard output with {@code print}, no newline (the way a
 * progress indicator does), so the output stays in the stream's buffer; then sleeps {@code
 * sleepMillis} (ended by an interrupt unless it ignores them), then throws until {@code
 * succeedOnAttempt} and returns the attempt number. Declares 1 retry.
 */
@JobHandler(value = "local-unterminated", timeout = "120 seconds", memory = "128 MB", retries = 1)
public final class Unfinished implements Job<Unterminated, Integer> {
  @Override
  public Integer run(Unterminated payload, JobContext context) throws Exception {
    System.out.print(payload.text() + " (attempt " + context.attempt() + ")");
    long until = System.currentTimeMillis() + payload.sleepMillis();
    while (System.currentTimeMillis() < until) {
      try {
        Thread.sleep(Math.max(1, until - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        if (!payload.ignoresInterrupts()) {
          throw e;
        }
      }
    }
    if (context.attempt() < payload.succeedOnAttempt()) {
      throw new IllegalStateException("not yet (attempt " + context.attempt() + ")");
    }
    return context.attempt();
  }
}
