package dev.overtime.runtime.manifest;

import dev.overtime.runtime.OvertimeException;

/**
 * A manifest that cannot be read: not JSON, a field missing or of the wrong type, a newer format.
 */
public class ManifestFormatException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  public ManifestFormatException(String source, String problem) {
    super("Cannot read the Overtime manifest " + source + ": " + problem);
  }

  public ManifestFormatException(String source, String problem, Throwable cause) {
    super("Cannot read the Overtime manifest " + source + ": " + problem, cause);
  }
}
