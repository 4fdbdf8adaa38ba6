package dev.overtime.runtime;

/**
 * A payload (or result) did not match its type: unknown property, missing value or wrong type. The
 * message names the JSON path, for example {@code $.items[2].name}. Nothing was started.
 */
public class InvalidPayloadException extends OvertimeException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public InvalidPayloadException(String path, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.path = path;
  }

  /** The JSON path of the offending value, {@code $} for the document itself. */
  public String path() {
    return path;
  }
}
