package dev.overtime.engine.local;

import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;

/**
 * Why the engine asked a running attempt to stop. Recorded in the database before the process is
 * signalled, so whichever engine sees the process exit reports the right status.
 */
enum StopReason {
  CANCEL(RunStatus.CANCELLED, "overtime.cancelled", "Cancelled while running"),
  TIMEOUT(RunStatus.TIMED_OUT, "overtime.timed-out", "Ran past its timeout and was stopped");

  private final RunStatus status;
  private final String errorType;
  private final String message;

  StopReason(RunStatus status, String errorType, String message) {
    this.status = status;
    this.errorType = errorType;
    this.message = message;
  }

  RunStatus status() {
    return status;
  }

  RunError error() {
    return new RunError(errorType, message);
  }
}
