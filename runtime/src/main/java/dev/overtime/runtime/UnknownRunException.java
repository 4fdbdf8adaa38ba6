package dev.overtime.runtime;

/** No run with the given id exists on this engine. */
public class UnknownRunException extends OvertimeException {
  private static final long serialVersionUID = 1L;
  private final String runId;

  public UnknownRunException(String job, String runId, String engine) {
    super(
        "No run '"
            + runId
            + "' of job '"
            + job
            + "' on the "
            + engine
            + " engine. Check the id, and that the caller uses the same engine (and, locally, the"
            + " same OVERTIME_HOME) as the code that started the run.");
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
