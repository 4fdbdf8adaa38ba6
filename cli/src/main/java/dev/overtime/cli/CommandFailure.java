package dev.overtime.cli;

/**
 * Ends a command with a message for the user and an {@link ExitStatus}. The message says what is
 * wrong and how to fix it; it is printed without a stack trace.
 */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitStatus status;

  public CommandFailure(ExitStatus status, String message) {
    super(message);
    this.status = status;
  }

  public CommandFailure(ExitStatus status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public ExitStatus status() {
    return status;
  }
}
