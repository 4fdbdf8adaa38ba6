package dev.overtime.engine.local;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.RunStatus;

/**
 * When each attempt of a run started and ended, for {@code RunDetails.attempts()}: the supervisor
 * records a start when it claims an attempt and an end when it records the attempt's verdict.
 *
 * <p>An attempt ended when its process wrote its outcome document (the time in it), not when a
 * supervisor noticed: one that adopted the attempt, or recovered it after a restart, may notice
 * seconds later. Without an outcome (killed, vanished) the time it was seen gone is the best known.
 * The times are a detail for people; failing to record one never fails the run's transition.
 */
final class AttemptTimes {
  private AttemptTimes() {}

  static void started(RunStore store, String runId, int attempt, long startedAt) {
    try {
      store.attemptStarted(runId, attempt, startedAt);
    } catch (RuntimeException e) {
      // See the class comment: the run's own record is what counts.
    }
  }

  static void ended(RunStore store, String runId, int attempt, long endedAt, RunStatus status) {
    try {
      store.attemptEnded(runId, attempt, endedAt, status);
    } catch (RuntimeException e) {
      // See the class comment.
    }
  }

  /**
   * When the attempt that {@code fact} describes ended: its outcome's time when it wrote one
   * (within the attempt's start and {@code now}), else {@code now}.
   */
  static long endedAt(StoredRun run, AttemptFact fact, long now) {
    RunOutcome outcome = null;
    if (fact instanceof AttemptFact.Exited exited) {
      outcome = exited.outcome();
    } else if (fact instanceof AttemptFact.Vanished vanished) {
      outcome = vanished.outcome();
    } else if (fact instanceof AttemptFact.Reported reported) {
      outcome = reported.outcome();
    }
    if (outcome == null || outcome.finishedAt() == null) {
      return now;
    }
    long written = outcome.finishedAt().toEpochMilli();
    return Math.max(run.startedAt(), Math.min(written, now));
  }
}
