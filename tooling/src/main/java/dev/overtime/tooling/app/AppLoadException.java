package dev.overtime.tooling.app;

/**
 * The application named by --app or --classpath cannot be used; the message says why and what to
 * do.
 */
public final class AppLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether the user asked wrongly, or the files are not what they should be. */
  public enum Kind {
    USAGE,
    ENVIRONMENT
  }

  private final Kind kind;

  public AppLoadException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public AppLoadException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
