package dev.overtime.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * What a run's process reports about one attempt when it ends, written to {@code
 * OVERTIME_RESULT_URI} by {@link OutcomeDocument#write} and read back by {@link
 * OutcomeDocument#read}:
 *
 * <pre>
 * {@code {"runId":"…","job":"factorial","attempt":1,"status":"SUCCEEDED","result":2432902008176640000,
 *  "error":null,"retryable":false,"finishedAt":"2026-11-27T07:00:00Z"}}</pre>
 *
 * @param runId the run id
 * @param job the job name
 * @param attempt the attempt that wrote it, from 1
 * @param status SUCCEEDED, FAILED, CANCELLED or TIMED_OUT (never LOST: a process cannot report
 *     that)
 * @param resultJson the result as JSON text ({@code "null"} for a {@code Void} job) when SUCCEEDED,
 *     else null
 * @param error the error, required unless SUCCEEDED
 * @param retryable whether a FAILED attempt may be retried
 * @param finishedAt when the attempt ended
 */
public record RunOutcome(
    String runId,
    String job,
    int attempt,
    Ending status,
    String resultJson,
    AttemptError error,
    boolean retryable,
    Instant finishedAt) {

  public RunOutcome {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    if (status == Ending.LOST) {
      throw new IllegalArgumentException(
          "status LOST is decided by an engine, never reported by an attempt");
    }
    if (status == Ending.SUCCEEDED) {
      resultJson = resultJson == null ? "null" : resultJson;
      if (error != null) {
        throw new IllegalArgumentException("a SUCCEEDED outcome has no error, was " + error);
      }
    } else {
      if (error == null) {
        throw new IllegalArgumentException(
            "a " + status + " outcome needs its error (type and message)");
      }
      if (resultJson != null) {
        throw new IllegalArgumentException("only a SUCCEEDED outcome has a result");
      }
    }
  }

  /** Whether this document is about this attempt of this run (engines ignore any other). */
  public boolean isOf(String runId, int attempt) {
    return this.runId.equals(runId) && this.attempt == attempt;
  }
}
