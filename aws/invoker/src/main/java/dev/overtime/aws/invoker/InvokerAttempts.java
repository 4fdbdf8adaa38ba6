package dev.overtime.aws.invoker;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.Began;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.OutcomeDocumentException;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.RunState;
import dev.overtime.contract.StopRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How the invoker sees an attempt, in the terms of {@link dev.overtime.contract.AttemptLifecycle}:
 * the {@link StoredRun}, what ECS says about its task, and the outcome and began documents in the
 * bucket become a {@link RunState} and an {@link AttemptFact}.
 */
final class InvokerAttempts {
  /**
   * How long after {@code RunTask} a task that was never seen may still be missing from {@code
   * DescribeTasks}: RunTask's results are eventually consistent (ECS API reference, RunTask), so a
   * task not yet visible is not gone. Past this, a task ECS does not know has vanished.
   */
  static final Duration VISIBILITY_GRACE = Duration.ofMinutes(2);

  private InvokerAttempts() {}

  /**
   * @param maxAttempts the job's retries plus one (from the deployed job settings)
   */
  static RunState state(StoredRun run, int maxAttempts) {
    return new RunState(
        run.runId(),
        run.attempt(),
        Math.max(maxAttempts, run.attempt()),
        run.failedStarts(),
        run.cancelRequestedAt() != null ? StopRequest.CANCEL : StopRequest.NONE);
  }

  /**
   * The fact about the run's current attempt, or empty while it is still going.
   *
   * @param task what ECS says about the attempt's task; empty when ECS does not know it
   * @param outcome the document at the attempt's outcome key, or null
   * @param began what the began key says (see {@link #began})
   * @param now the invoker's clock
   */
  static Optional<AttemptFact> fact(
      StoredRun run, Optional<TaskState> task, RunOutcome outcome, Began began, Instant now) {
    boolean own = outcome != null && outcome.isOf(run.runId(), run.attempt());
    if (task.isEmpty()) {
      if (!own && run.startedAt() == null && now.isBefore(launchedAt(run).plus(VISIBILITY_GRACE))) {
        // Not visible yet: starting it again now would run the job twice.
        return Optional.empty();
      }
      return Optional.of(new AttemptFact.Vanished(outcome, began));
    }
    TaskState state = task.get();
    if (!state.isStopped()) {
      // The outcome is written just before the process exits, and ECS reports STOPPED tens of
      // seconds later: an own outcome already decides.
      return own ? Optional.of(new AttemptFact.Reported(outcome)) : Optional.empty();
    }
    if (state.exitCode() != null) {
      return Optional.of(new AttemptFact.Exited(state.exitCode(), outcome, began));
    }
    if (began == Began.NO) {
      return Optional.of(
          new AttemptFact.NeverStarted(
              "ECS stopped task "
                  + run.taskArn()
                  + " before its"
                  + " container ran: "
                  + state.stopCode()
                  + ", "
                  + state.stoppedReason()));
    }
    // STOPPED without an exit code after the handler may have begun: its process is gone untold.
    return Optional.of(new AttemptFact.Vanished(outcome, began));
  }

  /**
   * When the current attempt's task was launched: when RunTask returned it, or, in records of older
   * invokers, when its deadline was set (a timeout before it).
   */
  static Instant launchedAt(StoredRun run) {
    return run.launchedAt() != null ? run.launchedAt() : run.dueAt();
  }

  /**
   * What the began key says about the run's current attempt.
   *
   * @param document the object at the attempt's began key, or empty when there is none
   */
  static Began began(StoredRun run, Optional<byte[]> document) {
    if (!run.marksBegan()) {
      return Began.UNKNOWN;
    }
    if (document.isEmpty()) {
      return Began.NO;
    }
    try {
      return BeganDocument.isOf(document.get(), run.runId(), run.attempt()) ? Began.YES : Began.NO;
    } catch (OutcomeDocumentException e) {
      // Unreadable is not absent: assume the handler may have begun, so it never runs twice.
      return Began.UNKNOWN;
    }
  }
}
