package dev.overtime.runtime;

/** Base class of the exceptions Overtime throws. Messages say what went wrong and how to fix it. */
public class OvertimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OvertimeException(String message) {
    super(message);
  }

  public OvertimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
