package dev.overtime.contract;

import java.util.Optional;

/**
 * The exit codes of {@code dev.overtime.bootstrap.Main}, documented in docs/run-contract.md. An
 * exit code alone decides nothing: {@link AttemptLifecycle} reads it together with the outcome
 * document.
 */
public enum ExitCode {
  /** The job returned; the outcome holds its result. */
  SUCCEEDED(0),
  /** The job threw; the outcome holds the error. */
  FAILED(1),
  /**
   * The run contract was broken: unknown job, bad payload, missing variable. The handler never ran.
   */
  BAD_INVOCATION(2),
  /** SIGTERM (cancel) arrived; the job was interrupted. */
  CANCELLED(3),
  /** The deadline passed; the job was interrupted. */
  TIMED_OUT(4),
  /** The job failed with {@code dev.overtime.NonRetryableException}: do not retry it. */
  FAILED_NO_RETRY(5),
  /**
   * The handler ran, but its outcome document could not be written (disk full, directory not
   * writable, object store unreachable): the run fails {@code overtime.outcome-not-written} and is
   * never run again, since the handler may have succeeded. Standard error says why.
   */
  OUTCOME_NOT_WRITTEN(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The exit code with this number, if it is one of ours. */
  public static Optional<ExitCode> of(int code) {
    for (ExitCode exitCode : values()) {
      if (exitCode.code == code) {
        return Optional.of(exitCode);
      }
    }
    return Optional.empty();
  }
}
