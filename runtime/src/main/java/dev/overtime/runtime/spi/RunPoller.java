package dev.overtime.runtime.spi;

import dev.overtime.runtime.AwaitTimeoutException;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.UnknownRunException;
import java.time.Duration;

/**
 * Waits for a run to end by asking its engine again and again, with pauses that double from {@code
 * firstPause} up to {@code maxPause}. The default {@link Engine#await} uses it; an engine whose
 * every look-up costs something (a Lambda invocation) passes longer pauses.
 */
public final class RunPoller {
  private RunPoller() {}

  /**
   * The run's terminal record.
   *
   * @throws AwaitTimeoutException when it has not ended within {@code timeout}
   * @throws UnknownRunException when the engine does not know the run
   */
  public static RunRecord await(
      Engine engine,
      String job,
      String runId,
      Duration timeout,
      Duration firstPause,
      Duration maxPause) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = firstPause.toMillis();
    while (true) {
      RunRecord run =
          engine.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, engine.name()));
      if (run.status().isTerminal()) {
        return run;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AwaitTimeoutException(job, runId, run.status(), timeout);
      }
      try {
        Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OvertimeException(
            "Interrupted while awaiting run '" + runId + "' of job '" + job + "'", e);
      }
      pauseMillis = Math.min(pauseMillis * 2, maxPause.toMillis());
    }
  }
}
