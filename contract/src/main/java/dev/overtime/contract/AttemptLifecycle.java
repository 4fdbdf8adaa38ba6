package dev.overtime.contract;

/**
 * The attempt lifecycle, once for every engine: given a run's state and what happened to its
 * current attempt, what follows. Pure: it reads nothing and changes nothing; engines record the
 * verdict with a conditional write. The rules, in order (docs/lifecycle.md has the table):
 *
 * <ol>
 *   <li>the attempt's own SUCCEEDED outcome wins, even over a stop requested meanwhile;
 *   <li>a recorded stop decides: CANCELLED or TIMED_OUT, never retried;
 *   <li>an own CANCELLED outcome without a recorded stop (a SIGTERM from outside: Fargate Spot, a
 *       node drain) is FAILED {@code overtime.interrupted}, retried while attempts are left;
 *   <li>the attempt's own outcome decides: FAILED and retryable with attempts left is retried;
 *   <li>exit code 2 without an outcome: FAILED {@code overtime.bad-invocation}, not retried (the
 *       bootstrap rejected the contract; starting again cannot help);
 *   <li>exit code 6 without an outcome: FAILED {@code overtime.outcome-not-written}, not retried
 *       (the bootstrap says its handler ran but the outcome could not be written);
 *   <li>no outcome and the handler provably never began (never started, or no began document):
 *       start the same attempt again, without using a retry; the {@value #START_LIMIT}th such
 *       failed start ends the run FAILED {@code overtime.start-failed};
 *   <li>no outcome, the handler began or may have: exit 0 is FAILED {@code
 *       overtime.outcome-not-written}, not retried (it may have succeeded: never run twice); any
 *       other exit is FAILED {@code overtime.process-exited}, and a vanished process LOST {@code
 *       overtime.lost}, both retried while attempts are left.
 * </ol>
 *
 * <pre>{@code
 * Verdict verdict = AttemptLifecycle.decide(new RunState(id, 1, 3, 0, StopRequest.NONE),
 *     new AttemptFact.Exited(137, null, Began.YES)); // RETRY, FAILED overtime.process-exited
 * }</pre>
 */
public final class AttemptLifecycle {
  /**
   * How many starts of one run may fail before its handler begins (the class path is missing, the
   * image cannot be pulled, the JVM dies on start) before the run ends FAILED {@code
   * overtime.start-failed}.
   */
  public static final int START_LIMIT = 3;

  private AttemptLifecycle() {}

  /** The verdict for {@code fact} about the current attempt of {@code run}. */
  public static Verdict decide(RunState run, AttemptFact fact) {
    RunOutcome outcome = fact.outcome();
    RunOutcome own = outcome != null && outcome.isOf(run.runId(), run.attempt()) ? outcome : null;
    if (fact instanceof AttemptFact.Reported && own == null) {
      throw new IllegalArgumentException(
          "a Reported fact needs the outcome of attempt "
              + run.attempt()
              + " of run "
              + run.runId()
              + ", got one of attempt "
              + outcome.attempt()
              + " of run "
              + outcome.runId());
    }
    boolean attemptsLeft = run.attempt() < run.maxAttempts();
    if (own != null && own.status() == Ending.SUCCEEDED) {
      return Verdict.end(Ending.SUCCEEDED, own.resultJson(), null);
    }
    switch (run.stop()) {
      case CANCEL -> {
        return Verdict.end(
            Ending.CANCELLED,
            null,
            ErrorCode.CANCELLED.error(
                fact instanceof AttemptFact.NeverStarted
                    ? "Cancelled before attempt " + run.attempt() + " started"
                    : "Cancelled while attempt " + run.attempt() + " was running"));
      }
      case TIMEOUT -> {
        return Verdict.end(
            Ending.TIMED_OUT,
            null,
            ErrorCode.TIMED_OUT.error(
                "Attempt " + run.attempt() + " ran past its timeout and was stopped"));
      }
      case NONE -> {}
    }
    if (own != null) {
      if (own.status() == Ending.CANCELLED) {
        // The bootstrap answers every SIGTERM with a CANCELLED outcome, but no stop was recorded:
        // the signal came from outside (Fargate Spot, a node drain, a shutdown), not from a cancel.
        return failedOrRetried(
            attemptsLeft,
            Ending.FAILED,
            ErrorCode.INTERRUPTED.error(
                "Attempt "
                    + run.attempt()
                    + " was stopped by a SIGTERM that no cancel or timeout asked for (a Spot"
                    + " interruption, a node drain or a shutdown?)"));
      }
      if (own.status() == Ending.FAILED && own.retryable() && attemptsLeft) {
        return Verdict.retry(Ending.FAILED, own.error());
      }
      return Verdict.end(own.status(), null, own.error());
    }
    if (fact instanceof AttemptFact.NeverStarted never) {
      return startAgainOrFail(run, "could not start the process: " + never.reason());
    }
    if (fact instanceof AttemptFact.Exited exited) {
      int code = exited.exitCode();
      if (code == ExitCode.BAD_INVOCATION.code()) {
        return Verdict.end(
            Ending.FAILED,
            null,
            ErrorCode.BAD_INVOCATION.error(
                "The bootstrap rejected the"
                    + " run (exit code 2) before its handler began; see the run's log"));
      }
      if (code == ExitCode.OUTCOME_NOT_WRITTEN.code()) {
        return Verdict.end(
            Ending.FAILED,
            null,
            ErrorCode.OUTCOME_NOT_WRITTEN.error(
                "The handler of attempt "
                    + run.attempt()
                    + " ran, but the bootstrap could not write its outcome (exit code "
                    + code
                    + "); it is not run again, since it may have succeeded. See the run's log for"
                    + " why (disk full, directory not writable?)"));
      }
      if (exited.began() == Began.NO) {
        return startAgainOrFail(
            run,
            "the process exited with code "
                + code
                + " before the handler began (class path or image without"
                + " dev.overtime.bootstrap.Main, or a JVM that could not start?)");
      }
      if (code == ExitCode.SUCCEEDED.code()) {
        return Verdict.end(
            Ending.FAILED,
            null,
            ErrorCode.OUTCOME_NOT_WRITTEN.error(
                "The process of attempt "
                    + run.attempt()
                    + " exited with code 0 but wrote no outcome; it is not run again, since its"
                    + " handler may have succeeded. See the run's log"));
      }
      return failedOrRetried(
          attemptsLeft,
          Ending.FAILED,
          ErrorCode.PROCESS_EXITED.error(
              "The process of"
                  + " attempt "
                  + run.attempt()
                  + " exited with code "
                  + code
                  + " without reporting an outcome (out of"
                  + " memory, killed?); see the run's log"));
    }
    AttemptFact.Vanished vanished = (AttemptFact.Vanished) fact;
    if (vanished.began() == Began.NO) {
      return startAgainOrFail(run, "the process vanished before the handler began");
    }
    return failedOrRetried(
        attemptsLeft,
        Ending.LOST,
        ErrorCode.LOST.error(
            "The process of attempt "
                + run.attempt()
                + " vanished without reporting an outcome (was the machine, the engine or the task"
                + " killed?)"));
  }

  private static Verdict failedOrRetried(boolean attemptsLeft, Ending ending, AttemptError error) {
    return attemptsLeft ? Verdict.retry(ending, error) : Verdict.end(ending, null, error);
  }

  private static Verdict startAgainOrFail(RunState run, String why) {
    int failedStarts = run.failedStarts() + 1;
    if (failedStarts >= START_LIMIT) {
      return Verdict.end(
          Ending.FAILED,
          null,
          ErrorCode.START_FAILED.error(
              "Could not start attempt "
                  + run.attempt()
                  + " ("
                  + failedStarts
                  + " failed starts, the limit): "
                  + why));
    }
    return Verdict.startAgain(
        ErrorCode.START_FAILED.error(
            "Start " + failedStarts + " of attempt " + run.attempt() + " failed: " + why));
  }
}
