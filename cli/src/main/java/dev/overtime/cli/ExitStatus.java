package dev.overtime.cli;

import dev.overtime.runtime.RunStatus;

/**
 * The exit codes of every {@code overtime} command, documented in docs/cli.md. Codes 0, 1, 3 and 4
 * match the bootstrap's for the same run outcome, so scripts can treat {@code overtime run --wait}
 * like the job's own process.
 */
public enum ExitStatus {
  /** The command did what it was asked; with {@code run --wait}, the run SUCCEEDED. */
  OK(0),
  /** {@code run --wait}: the run FAILED. */
  RUN_FAILED(1),
  /** Bad input: unknown option, invalid payload (the message names the JSON path), bad value. */
  BAD_INPUT(2),
  /** {@code run --wait}: the run was CANCELLED. */
  RUN_CANCELLED(3),
  /** {@code run --wait}: the run TIMED_OUT. */
  RUN_TIMED_OUT(4),
  /** {@code run --wait}: the run was LOST (its process vanished without an outcome). */
  RUN_LOST(5),
  /** No such job in the application, or no such run under OVERTIME_HOME. */
  NOT_FOUND(6),
  /**
   * The environment is not usable: app jar missing or unreadable, home not writable, port taken.
   */
  ENVIRONMENT(7),
  /** {@code run --wait}: the run EXPIRED (not started within its time to live; it never ran). */
  RUN_EXPIRED(8),
  /** The run is not in a state that allows this: {@code reschedule} of a run that has started. */
  CONFLICT(9),
  /** A bug in Overtime: the message says what to report. */
  INTERNAL(70);

  private final int code;

  ExitStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The exit status that reports a run which ended with {@code status}. */
  public static ExitStatus of(RunStatus status) {
    switch (status) {
      case SUCCEEDED:
        return OK;
      case FAILED:
        return RUN_FAILED;
      case CANCELLED:
        return RUN_CANCELLED;
      case TIMED_OUT:
        return RUN_TIMED_OUT;
      case LOST:
        return RUN_LOST;
      case EXPIRED:
        return RUN_EXPIRED;
      default:
        throw new IllegalArgumentException("run is not finished: " + status);
    }
  }
}
