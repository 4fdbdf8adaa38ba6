package dev.overtime.contract;

import static dev.overtime.contract.Began.NO;
import static dev.overtime.contract.Began.UNKNOWN;
import static dev.overtime.contract.Began.YES;
import static dev.overtime.contract.StopRequest.CANCEL;
import static dev.overtime.contract.StopRequest.NONE;
import static dev.overtime.contract.StopRequest.TIMEOUT;
import static dev.overtime.contract.Verdict.Action.END;
import static dev.overtime.contract.Verdict.Action.RETRY;
import static dev.overtime.contract.Verdict.Action.START_AGAIN;

import java.time.Instant;
import java.util.List;

/**
 * The lifecycle table: every case of {@link AttemptLifecycle} with its verdict, as raw inputs an
 * engine can reproduce (a stored run, a process exit or a task state, an outcome document, a began
 * document). Shared through the test-jar, so the local engine and the invoker each drive their own
 * fact-building through every row and must reach the verdict written here. docs/lifecycle.md shows
 * the same table.
 */
public final class AttemptCases {
  /** The run id of every case. */
  public static final String RUN_ID = "01KB3M5W6S0000000000000000";

  private AttemptCases() {}

  /** How the attempt ended, as an engine observes it. */
  public enum Kind {
    /** The process exited with {@link Case#exitCode()}. */
    EXITED,
    /** The process is gone, exit code unknown. */
    VANISHED,
    /**
     * The outcome is there while the process is still ending (the invoker); locally: EXITED with
     * {@link Case#exitCode()}.
     */
    REPORTED,
    /** The process could not be started. */
    NEVER_STARTED
  }

  /** The outcome document the attempt left, if any. */
  public enum Document {
    NONE,
    SUCCEEDED,
    FAILED_RETRYABLE,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    OF_AN_EARLIER_ATTEMPT;

    /** The document for attempt {@code attempt}, or null. */
    public RunOutcome outcome(int attempt) {
      Instant at = Instant.parse("2026-11-27T07:00:00Z");
      AttemptError failure = new AttemptError("java.lang.IllegalStateException", "boom");
      return switch (this) {
        case NONE -> null;
        case SUCCEEDED ->
            new RunOutcome(RUN_ID, "job", attempt, Ending.SUCCEEDED, "{\"n\":7}", null, false, at);
        case FAILED_RETRYABLE ->
            new RunOutcome(RUN_ID, "job", attempt, Ending.FAILED, null, failure, true, at);
        case FAILED ->
            new RunOutcome(RUN_ID, "job", attempt, Ending.FAILED, null, failure, false, at);
        case CANCELLED ->
            new RunOutcome(
                RUN_ID,
                "job",
                attempt,
                Ending.CANCELLED,
                null,
                ErrorCode.CANCELLED.error("SIGTERM"),
                false,
                at);
        case TIMED_OUT ->
            new RunOutcome(
                RUN_ID,
                "job",
                attempt,
                Ending.TIMED_OUT,
                null,
                ErrorCode.TIMED_OUT.error("deadline"),
                false,
                at);
        case OF_AN_EARLIER_ATTEMPT ->
            new RunOutcome(RUN_ID, "job", attempt - 1, Ending.SUCCEEDED, "1", null, false, at);
      };
    }
  }

  /**
   * One row.
   *
   * @param name what the row shows
   * @param attempt the current attempt
   * @param maxAttempts retries + 1
   * @param failedStarts failed starts recorded so far
   * @param stop the recorded stop request
   * @param kind what happened
   * @param exitCode the exit code (EXITED, REPORTED), else -1
   * @param document the outcome document
   * @param began whether the began document is there (UNKNOWN: the engine did not ask for one)
   * @param action the expected action
   * @param ending the expected ending (null for START_AGAIN)
   * @param errorType the expected error type, or null
   */
  public record Case(
      String name,
      int attempt,
      int maxAttempts,
      int failedStarts,
      StopRequest stop,
      Kind kind,
      int exitCode,
      Document document,
      Began began,
      Verdict.Action action,
      Ending ending,
      String errorType) {

    /** The run state of this row. */
    public RunState state() {
      return new RunState(RUN_ID, attempt, maxAttempts, failedStarts, stop);
    }

    /** The outcome document of this row, or null. */
    public RunOutcome outcome() {
      return document.outcome(attempt);
    }

    /**
     * Whether this row's verdict matches {@code verdict} in action, ending, result and error type.
     */
    public boolean matches(Verdict verdict) {
      return verdict.action() == action
          && verdict.ending() == ending
          && java.util.Objects.equals(verdict.errorType(), errorType)
          && java.util.Objects.equals(
              verdict.resultJson(), ending == Ending.SUCCEEDED ? "{\"n\":7}" : null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String JOB_ERROR = "java.lang.IllegalStateException";

  /** Every row. */
  public static List<Case> all() {
    return List.of(
        // Each row: name; attempt, max attempts, failed starts; stop; fact kind; exit code;
        // outcome document; began; then the verdict: action, ending, error type.
        row(
            "own success wins over a cancel requested meanwhile",
            1,
            1,
            0,
            CANCEL,
            Kind.EXITED,
            0,
            Document.SUCCEEDED,
            YES,
            END,
            Ending.SUCCEEDED,
            null),
        row(
            "own success",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            0,
            Document.SUCCEEDED,
            YES,
            END,
            Ending.SUCCEEDED,
            null),
        row(
            "success reported while the process is still ending",
            1,
            3,
            0,
            NONE,
            Kind.REPORTED,
            0,
            Document.SUCCEEDED,
            YES,
            END,
            Ending.SUCCEEDED,
            null),
        row(
            "success reported after a vanished engine",
            1,
            3,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.SUCCEEDED,
            YES,
            END,
            Ending.SUCCEEDED,
            null),
        row(
            "cancel decides over a retryable failure",
            1,
            3,
            0,
            CANCEL,
            Kind.EXITED,
            1,
            Document.FAILED_RETRYABLE,
            YES,
            END,
            Ending.CANCELLED,
            "overtime.cancelled"),
        row(
            "cancel decides after SIGKILL",
            1,
            3,
            0,
            CANCEL,
            Kind.EXITED,
            137,
            Document.NONE,
            YES,
            END,
            Ending.CANCELLED,
            "overtime.cancelled"),
        row(
            "cancel decides when the process never started",
            1,
            3,
            0,
            CANCEL,
            Kind.NEVER_STARTED,
            -1,
            Document.NONE,
            NO,
            END,
            Ending.CANCELLED,
            "overtime.cancelled"),
        row(
            "cancel decides when the process vanished",
            1,
            3,
            0,
            CANCEL,
            Kind.VANISHED,
            -1,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.CANCELLED,
            "overtime.cancelled"),
        row(
            "timeout decides over the timed-out outcome",
            1,
            3,
            0,
            TIMEOUT,
            Kind.EXITED,
            4,
            Document.TIMED_OUT,
            YES,
            END,
            Ending.TIMED_OUT,
            "overtime.timed-out"),
        row(
            "timeout decides when the process vanished",
            1,
            3,
            0,
            TIMEOUT,
            Kind.VANISHED,
            -1,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.TIMED_OUT,
            "overtime.timed-out"),
        row(
            "own cancelled outcome without a request (a SIGTERM from outside) is retried",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            3,
            Document.CANCELLED,
            YES,
            RETRY,
            Ending.FAILED,
            "overtime.interrupted"),
        row(
            "own cancelled outcome without a request on the last attempt fails",
            3,
            3,
            0,
            NONE,
            Kind.EXITED,
            3,
            Document.CANCELLED,
            YES,
            END,
            Ending.FAILED,
            "overtime.interrupted"),
        row(
            "retryable failure with attempts left is retried",
            2,
            3,
            0,
            NONE,
            Kind.EXITED,
            1,
            Document.FAILED_RETRYABLE,
            YES,
            RETRY,
            Ending.FAILED,
            JOB_ERROR),
        row(
            "reported retryable failure is retried",
            1,
            2,
            0,
            NONE,
            Kind.REPORTED,
            1,
            Document.FAILED_RETRYABLE,
            YES,
            RETRY,
            Ending.FAILED,
            JOB_ERROR),
        row(
            "retryable failure on the last attempt ends FAILED",
            3,
            3,
            0,
            NONE,
            Kind.EXITED,
            1,
            Document.FAILED_RETRYABLE,
            YES,
            END,
            Ending.FAILED,
            JOB_ERROR),
        row(
            "non-retryable failure ends FAILED",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            5,
            Document.FAILED,
            YES,
            END,
            Ending.FAILED,
            JOB_ERROR),
        row(
            "outcome of a vanished process decides",
            1,
            1,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.FAILED,
            YES,
            END,
            Ending.FAILED,
            JOB_ERROR),
        row(
            "outcome of an earlier attempt is ignored",
            2,
            2,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.OF_AN_EARLIER_ATTEMPT,
            UNKNOWN,
            END,
            Ending.LOST,
            "overtime.lost"),
        row(
            "exit 2 without outcome is a bad invocation",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            2,
            Document.NONE,
            NO,
            END,
            Ending.FAILED,
            "overtime.bad-invocation"),
        row(
            "exit 2 without a began marker asked for",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            2,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.FAILED,
            "overtime.bad-invocation"),
        row(
            "exit 1 before the handler began starts again",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            1,
            Document.NONE,
            NO,
            START_AGAIN,
            null,
            "overtime.start-failed"),
        row(
            "exit 137 before the handler began, start limit",
            1,
            3,
            2,
            NONE,
            Kind.EXITED,
            137,
            Document.NONE,
            NO,
            END,
            Ending.FAILED,
            "overtime.start-failed"),
        row(
            "never started starts again",
            1,
            3,
            0,
            NONE,
            Kind.NEVER_STARTED,
            -1,
            Document.NONE,
            NO,
            START_AGAIN,
            null,
            "overtime.start-failed"),
        row(
            "never started uses no retry",
            1,
            1,
            1,
            NONE,
            Kind.NEVER_STARTED,
            -1,
            Document.NONE,
            NO,
            START_AGAIN,
            null,
            "overtime.start-failed"),
        row(
            "never started the third time ends FAILED",
            2,
            3,
            2,
            NONE,
            Kind.NEVER_STARTED,
            -1,
            Document.NONE,
            NO,
            END,
            Ending.FAILED,
            "overtime.start-failed"),
        row(
            "vanished before the handler began is never LOST",
            1,
            1,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.NONE,
            NO,
            START_AGAIN,
            null,
            "overtime.start-failed"),
        row(
            "exit 0 without outcome is not run again",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            0,
            Document.NONE,
            YES,
            END,
            Ending.FAILED,
            "overtime.outcome-not-written"),
        row(
            "exit 0 without outcome, began unknown",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            0,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.FAILED,
            "overtime.outcome-not-written"),
        row(
            "exit 6: the outcome could not be written, not run again",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            6,
            Document.NONE,
            YES,
            END,
            Ending.FAILED,
            "overtime.outcome-not-written"),
        row(
            "exit 6 without a began marker asked for",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            6,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.FAILED,
            "overtime.outcome-not-written"),
        row(
            "exit 6 after a cancel was requested is cancelled",
            1,
            3,
            0,
            CANCEL,
            Kind.EXITED,
            6,
            Document.NONE,
            YES,
            END,
            Ending.CANCELLED,
            "overtime.cancelled"),
        row(
            "exit 1 without outcome is retried",
            1,
            3,
            0,
            NONE,
            Kind.EXITED,
            1,
            Document.NONE,
            YES,
            RETRY,
            Ending.FAILED,
            "overtime.process-exited"),
        row(
            "exit 137 without outcome, began unknown, is retried",
            1,
            2,
            0,
            NONE,
            Kind.EXITED,
            137,
            Document.NONE,
            UNKNOWN,
            RETRY,
            Ending.FAILED,
            "overtime.process-exited"),
        row(
            "exit 137 on the last attempt ends FAILED",
            3,
            3,
            0,
            NONE,
            Kind.EXITED,
            137,
            Document.NONE,
            YES,
            END,
            Ending.FAILED,
            "overtime.process-exited"),
        row(
            "vanished after the handler began is retried",
            1,
            2,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.NONE,
            YES,
            RETRY,
            Ending.LOST,
            "overtime.lost"),
        row(
            "vanished, began unknown, last attempt is LOST",
            1,
            1,
            0,
            NONE,
            Kind.VANISHED,
            -1,
            Document.NONE,
            UNKNOWN,
            END,
            Ending.LOST,
            "overtime.lost"));
  }

  private static Case row(
      String name,
      int attempt,
      int maxAttempts,
      int failedStarts,
      StopRequest stop,
      Kind kind,
      int exitCode,
      Document document,
      Began began,
      Verdict.Action action,
      Ending ending,
      String errorType) {
    return new Case(
        name,
        attempt,
        maxAttempts,
        failedStarts,
        stop,
        kind,
        exitCode,
        document,
        began,
        action,
        ending,
        errorType);
  }
}
