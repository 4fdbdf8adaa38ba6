package dev.overtime.runtime.contract;

import dev.overtime.runtime.RunStatus;
import java.util.Optional;

/** The exit codes of {@code dev.overtime.bootstrap.Main}, documented in docs/run-contract.md. */
public enum ExitCode {
  /** The job returned; the outcome holds its result. */
  SUCCEEDED(0, RunStatus.SUCCEEDED),
  /** The job threw; the outcome holds the error. */
  FAILED(1, RunStatus.FAILED),
  /** The run contract was broken: unknown job, bad payload, missing variable. The job never ran. */
  BAD_INVOCATION(2, RunStatus.FAILED),
  /** SIGTERM (cancel) arrived; the job was interrupted. */
  CANCELLED(3, RunStatus.CANCELLED),
  /** The deadline passed; the job was interrupted. */
  TIMED_OUT(4, RunStatus.TIMED_OUT),
  /** The job failed with {@link dev.overtime.NonRetryableException}: do not retry it. */
  FAILED_NO_RETRY(5, RunStatus.FAILED);

  private final int code;
  private final RunStatus status;

  ExitCode(int code, RunStatus status) {
    this.code = code;
    this.status = status;
  }

  public int code() {
    return code;
  }

  /** The run status this exit code reports. */
  public RunStatus status() {
    return status;
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
