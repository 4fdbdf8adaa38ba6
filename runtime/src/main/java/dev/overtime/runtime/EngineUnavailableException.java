package dev.overtime.runtime;

/**
 * The engine could not be reached or opened (database locked or unreadable, AWS not reachable,
 * ...).
 */
public class EngineUnavailableException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public EngineUnavailableException(String message) {
    super(message);
  }
}
