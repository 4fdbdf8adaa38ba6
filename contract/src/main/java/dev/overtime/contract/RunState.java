package dev.overtime.contract;

import java.util.Objects;

/**
 * What an engine has recorded about a run while its current attempt ends.
 *
 * @param runId the run id
 * @param attempt the current attempt, from 1
 * @param maxAttempts the job's retries plus one
 * @param failedStarts how many starts of this run failed before the handler began (see {@link
 *     AttemptLifecycle#START_LIMIT})
 * @param stop the stop recorded for the current attempt
 */
public record RunState(
    String runId, int attempt, int maxAttempts, int failedStarts, StopRequest stop) {
  public RunState {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(stop, "stop");
    if (attempt < 1 || maxAttempts < 1 || failedStarts < 0) {
      throw new IllegalArgumentException(
          "attempt and maxAttempts start at 1, failedStarts at 0; was "
              + attempt
              + ", "
              + maxAttempts
              + ", "
              + failedStarts);
    }
  }
}
