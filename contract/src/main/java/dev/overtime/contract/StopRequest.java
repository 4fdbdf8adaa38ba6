package dev.overtime.contract;

/** A stop an engine recorded for the current attempt before it signalled the process. */
public enum StopRequest {
  /** No stop was requested. */
  NONE,
  /** A cancel was requested: the run ends CANCELLED unless the attempt already succeeded. */
  CANCEL,
  /** The attempt's deadline passed: the run ends TIMED_OUT unless the attempt already succeeded. */
  TIMEOUT
}
