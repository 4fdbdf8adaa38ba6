package dev.overtime.runtime;

import java.time.Duration;

/** {@link JobRun#await(Duration)} gave up before the run ended. The run itself goes on. */
public class AwaitTimeoutException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  public AwaitTimeoutException(String job, String runId, RunStatus status, Duration waited) {
    super(
        "Run '"
            + runId
            + "' of job '"
            + job
            + "' is still "
            + status
            + " after waiting "
            + waited
            + "; await longer, or check again later with get(runId).");
  }
}
