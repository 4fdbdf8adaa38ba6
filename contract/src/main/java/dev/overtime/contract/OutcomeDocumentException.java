package dev.overtime.contract;

/**
 * An outcome or began document that is not what the run contract describes; the message says what
 * is wrong.
 */
public final class OutcomeDocumentException extends RuntimeException {
  public OutcomeDocumentException(String message) {
    super(message);
  }

  public OutcomeDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
