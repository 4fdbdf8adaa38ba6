package dev.overtime;

/**
 * Thrown by a job to fail its run at once, without the retries that {@link JobHandler#retries()}
 * would otherwise give it, for example when the payload refers to something that does not exist.
 */
public class NonRetryableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NonRetryableException(String message) {
    super(message);
  }

  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
