package dev.overtime.runtime;

import java.util.Optional;

/** Thrown by {@link JobRun#result()} when the run ended without a result. */
public class JobFailedException extends OvertimeException {
  private static final long serialVersionUID = 1L;
  private final String runId;
  private final RunStatus status;
  private final transient RunError error;

  JobFailedException(String job, String runId, RunStatus status, RunError error) {
    super(
        "Run '"
            + runId
            + "' of job '"
            + job
            + "' ended "
            + status
            + (error == null ? "" : ": " + error)
            + "; it has no result.");
    this.runId = runId;
    this.status = status;
    this.error = error;
  }

  /** The run that has no result. */
  public String runId() {
    return runId;
  }

  /** How it ended, or its status if it has not ended yet. */
  public RunStatus status() {
    return status;
  }

  /** Why it did not succeed; empty while it has not ended. */
  public Optional<RunError> error() {
    return Optional.ofNullable(error);
  }
}
