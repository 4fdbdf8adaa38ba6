package dev.overtime.contract;

/**
 * Every error type the runtime itself reports (as opposed to a job's own exception class names),
 * with its stable id. The ids are part of the run contract: they appear in outcome documents and
 * run records, and users match on them.
 *
 * <pre>
 * {@code throw new BadInvocationException(ErrorCode.UNKNOWN_JOB, "No job 'x' on the class path");}
 * </pre>
 */
public enum ErrorCode {
  CANCELLED("overtime.cancelled", "a cancel was requested and the attempt stopped"),
  TIMED_OUT("overtime.timed-out", "the attempt ran past its deadline and was stopped"),
  LOST(
      "overtime.lost",
      "the attempt's process vanished after its handler may have begun, without an outcome"),
  BAD_INVOCATION(
      "overtime.bad-invocation", "the run contract was broken (a variable missing or malformed)"),
  INVALID_PAYLOAD(
      "overtime.invalid-payload", "the payload does not decode to the job's payload type"),
  UNKNOWN_JOB("overtime.unknown-job", "no job of that name on the class path"),
  DUPLICATE_NAME("overtime.duplicate-name", "two jobs of one name on the class path"),
  RESULT_NOT_ENCODABLE(
      "overtime.result-not-encodable", "the job's result cannot be written as JSON"),
  BEGAN_NOT_WRITTEN(
      "overtime.began-not-written",
      "the bootstrap could not record that the handler began, so it did not call it"),
  INTERRUPTED(
      "overtime.interrupted",
      "the attempt was stopped by a SIGTERM that no cancel or timeout asked for (a Fargate Spot"
          + " interruption, a node drain, a shutdown); retried while attempts are left"),
  PROCESS_EXITED("overtime.process-exited", "the process exited without writing an outcome"),
  OUTCOME_NOT_WRITTEN(
      "overtime.outcome-not-written",
      "the handler ran but no outcome was written: the bootstrap could not write it (exit code 6),"
          + " or the process exited 0 without one (it may have succeeded; it is not run again)"),
  START_FAILED("overtime.start-failed", "the attempt could not be started (start limit reached)"),
  EXPIRED(
      "overtime.expired",
      "the run was not started within its time to live (counted from when it could first start)");

  private final String id;
  private final String meaning;

  ErrorCode(String id, String meaning) {
    this.id = id;
    this.meaning = meaning;
  }

  /** The stable id, e.g. {@code overtime.cancelled}. */
  public String id() {
    return id;
  }

  /** A short explanation, for docs and help texts. */
  public String meaning() {
    return meaning;
  }

  /** An error of this type. */
  public AttemptError error(String message) {
    return new AttemptError(id, message);
  }

  @Override
  public String toString() {
    return id;
  }
}
