package dev.overtime.runtime;

/**
 * Where a run is in its life. {@link #DELAYED}, {@link #QUEUED} and {@link #RUNNING} are not
 * terminal; the others are: a run that reaches one never leaves it. See docs/lifecycle.md.
 */
public enum RunStatus {
  /**
   * Recorded with a start time ({@link RunOptions.Builder#startAt}) that has not come yet; it
   * waits, and may be cancelled or rescheduled ({@link JobClient#reschedule}). At its time it
   * becomes {@link #QUEUED}.
   */
  DELAYED,
  /** Accepted and durably recorded; waiting for a free slot. */
  QUEUED,
  /** Its process (or task) was started. */
  RUNNING,
  /** The job returned; the result is available. */
  SUCCEEDED,
  /** The job threw on its last attempt, or could not be started; the error says why. */
  FAILED,
  /** Cancelled by a caller before it finished. */
  CANCELLED,
  /** Stopped because it ran past its timeout. */
  TIMED_OUT,
  /**
   * Its process vanished without reporting an outcome (for example the machine or the starting JVM
   * was killed) and no retries remained.
   */
  LOST,
  /**
   * Not started within its time to live ({@link RunOptions.Builder#timeToLive}), counted from when
   * it could first start: it never ran and never will.
   */
  EXPIRED;

  /** Whether the run has ended; a terminal status never changes again. */
  public boolean isTerminal() {
    return this != DELAYED && this != QUEUED && this != RUNNING;
  }

  /** Whether the run has not started yet: {@link #DELAYED} or {@link #QUEUED}. */
  public boolean isWaiting() {
    return this == DELAYED || this == QUEUED;
  }
}
