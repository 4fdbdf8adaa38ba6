package dev.overtime.runtime;

/**
 * Where a run is in its life. The last five are terminal: a run that reaches one never leaves it.
 */
public enum RunStatus {
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
  LOST;

  /** Whether the run has ended; a terminal status never changes again. */
  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }
}
