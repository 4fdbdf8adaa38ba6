package dev.overtime.runtime.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The document a run's process writes to {@code OVERTIME_RESULT_URI} when it ends:
 * <pre>{@code {"runId":"…","job":"factorial","attempt":1,"status":"SUCCEEDED","result":2432902008176640000,
 *  "error":null,"retryable":false,"finishedAt":"2026-11-27T07:00:00Z"}}</pre>
 *
 * @param runId the run id
 * @param job the job name
 * @param attempt the attempt that wrote it
 * @param status SUCCEEDED, FAILED, CANCELLED or TIMED_OUT
 * @param result the result as JSON (null unless SUCCEEDED)
 * @param error the error (null when SUCCEEDED)
 * @param retryable whether a FAILED attempt may be retried
 * @param finishedAt when the attempt ended
 */
public record RunOutcome(
    String runId,
    String job,
    int attempt,
    RunStatus status,
    JsonNode result,
    RunError error,
    boolean retryable,
    Instant finishedAt) {

  public RunOutcome {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
