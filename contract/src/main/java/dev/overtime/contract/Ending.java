package dev.overtime.contract;

/**
 * How an attempt or a run ended, in the contract's own words (the contract cannot see the user
 * API's {@code RunStatus}; every constant here has a {@code RunStatus} of the same name, and each
 * engine maps it in one place).
 */
public enum Ending {
  /** The job returned a result. */
  SUCCEEDED,
  /** The job, its process or its start failed. */
  FAILED,
  /** A cancel was requested and the attempt stopped. */
  CANCELLED,
  /** The attempt ran past its deadline and was stopped. */
  TIMED_OUT,
  /** The attempt's process vanished after its handler may have begun, without an outcome. */
  LOST
}
