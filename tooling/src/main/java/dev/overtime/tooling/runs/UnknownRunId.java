package dev.overtime.tooling.runs;

import java.nio.file.Path;

/** No run with this id is recorded under the home. */
public final class UnknownRunId extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String runId;

  public UnknownRunId(String runId, Path home) {
    super(
        "No run '"
            + runId
            + "' under "
            + home
            + ". Check the id with 'overtime runs', and that"
            + " --home (or OVERTIME_HOME) is the home the application uses.");
    this.runId = runId;
  }

  /** No such run on a deployed stack or elsewhere; {@code message} says where was looked. */
  public UnknownRunId(String runId, String message) {
    super(message);
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
