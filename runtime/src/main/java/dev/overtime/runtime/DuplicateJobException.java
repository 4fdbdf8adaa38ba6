package dev.overtime.runtime;

import dev.overtime.contract.ErrorCode;

/**
 * Two handlers on one class path declare the same job name. The one rule, applied when the jobs of
 * a class path are collected; every process (application, bootstrap, CLI, console) reports this
 * message.
 */
public class DuplicateJobException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  /** The stable error code, the same as the processor's diagnostic for one compilation. */
  public static final String CODE = ErrorCode.DUPLICATE_NAME.id();

  private final String job;
  private final String firstHandler;
  private final String secondHandler;
  private final String reason;

  /** {@code job} is declared by both handler classes (binary names). */
  public DuplicateJobException(String job, String firstHandler, String secondHandler) {
    this(
        job,
        firstHandler,
        secondHandler,
        "Job '"
            + job
            + "' is defined twice on the classpath: by "
            + firstHandler
            + " and by "
            + secondHandler
            + ". Rename one of them in its @JobHandler, or "
            + "remove one of the jars from the classpath.");
  }

  private DuplicateJobException(
      String job, String firstHandler, String secondHandler, String reason) {
    super("[" + CODE + "] " + reason);
    this.job = job;
    this.firstHandler = firstHandler;
    this.secondHandler = secondHandler;
    this.reason = reason;
  }

  /** The job name declared twice. */
  public String job() {
    return job;
  }

  /** The handler found first. */
  public String firstHandler() {
    return firstHandler;
  }

  /** The handler found second. */
  public String secondHandler() {
    return secondHandler;
  }

  /**
   * The message without its leading {@code [overtime.duplicate-name]}, for reports that print the
   * code apart.
   */
  public String reason() {
    return reason;
  }
}
