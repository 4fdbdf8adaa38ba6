package dev.overtime.runtime;

/** Two handlers on one classpath declare the same job name. */
public class DuplicateJobException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  public DuplicateJobException(String job, String firstHandler, String secondHandler) {
    super("[overtime.duplicate-name] Job '" + job + "' is defined twice on the classpath: by "
        + firstHandler + " and by " + secondHandler + ". Rename one of them in its @JobHandler, or "
        + "remove one of the jars from the classpath.");
  }
}
