package dev.overtime.bootstrap;

import dev.overtime.contract.ErrorCode;

/**
 * The run contract was broken (a variable missing or malformed, an unknown job, a payload that does
 * not decode). The job never ran; the process exits with {@code BAD_INVOCATION}.
 */
final class BadInvocationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  BadInvocationException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  BadInvocationException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The error type, such as {@code overtime.invalid-payload}, reported in the outcome. */
  ErrorCode code() {
    return code;
  }
}
