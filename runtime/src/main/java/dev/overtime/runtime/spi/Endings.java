package dev.overtime.runtime.spi;

import dev.overtime.contract.AttemptError;
import dev.overtime.contract.Ending;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;

/**
 * The contract's words for how an attempt ended, as the user API says them: every engine that
 * decides through {@link dev.overtime.contract.AttemptLifecycle} reports its verdicts with these.
 *
 * <pre>{@code
 * Verdict verdict = AttemptLifecycle.decide(state, fact);
 * RunStatus status = Endings.status(verdict.ending());
 * RunError error = Endings.error(verdict.error());
 * }</pre>
 */
public final class Endings {
  private Endings() {}

  /** The run status of an ending: the same name, for every ending. */
  public static RunStatus status(Ending ending) {
    return RunStatus.valueOf(ending.name());
  }

  /** The run error of an attempt error, or null for null. */
  public static RunError error(AttemptError error) {
    return error == null ? null : new RunError(error.type(), error.message());
  }
}
