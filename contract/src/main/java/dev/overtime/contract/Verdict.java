package dev.overtime.contract;

import java.util.Objects;

/**
 * What follows an attempt, as decided by {@link AttemptLifecycle}.
 *
 * @param action end the run, retry it as its next attempt, or start the same attempt again
 * @param ending how the run ends ({@link Action#END}), or how this attempt ended ({@link
 *     Action#RETRY}: FAILED or LOST); null for {@link Action#START_AGAIN}
 * @param resultJson the result as JSON text when the run ends SUCCEEDED, else null
 * @param error why it did not succeed, else null
 */
public record Verdict(Action action, Ending ending, String resultJson, AttemptError error) {

  /** What the engine does next. */
  public enum Action {
    /** The run ends with {@link #ending()}. */
    END,
    /**
     * Another attempt follows (it uses up one of the job's retries), after the engine's backoff.
     */
    RETRY,
    /**
     * The attempt never reached its handler: start it again as the same attempt, counting a failed
     * start.
     */
    START_AGAIN
  }

  public Verdict {
    Objects.requireNonNull(action, "action");
    if ((action == Action.START_AGAIN) != (ending == null)) {
      throw new IllegalArgumentException("only START_AGAIN has no ending");
    }
  }

  static Verdict end(Ending ending, String resultJson, AttemptError error) {
    return new Verdict(Action.END, ending, resultJson, error);
  }

  static Verdict retry(Ending ending, AttemptError error) {
    return new Verdict(Action.RETRY, ending, null, error);
  }

  static Verdict startAgain(AttemptError error) {
    return new Verdict(Action.START_AGAIN, null, null, error);
  }

  /** Whether the run ends here. */
  public boolean ends() {
    return action == Action.END;
  }

  /** The error type, or null; what engines must agree on (messages may carry engine detail). */
  public String errorType() {
    return error == null ? null : error.type();
  }
}
