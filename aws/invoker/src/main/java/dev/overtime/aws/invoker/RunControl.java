package dev.overtime.aws.invoker;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the run record keeps for run control, beside the current attempt: the run's queue priority,
 * the run it re-runs, when each ended attempt started and ended, and which start of the run was
 * admitted to a slot of its job's concurrency limit. Part of {@link StoredRun}, so it changes in
 * the same compare-and-swap as the attempt it describes: an attempt's end is written together with
 * the verdict that ends it.
 *
 * @param priority the queue priority ({@code RunOptions.priority}), 0 by default
 * @param rerunOf the run this one re-runs ({@code rerun}), or null
 * @param attempts the ended attempts, oldest first, at most {@value #MAX_ATTEMPTS} (the newest)
 * @param admittedAttempt the attempt whose start was admitted to a slot ({@link JobSlots}), 0 for
 *     none: with {@code admittedStarts}, it names one start, so a later start of the run needs its
 *     own admission
 * @param admittedStarts the count of failed starts when that start was admitted
 */
record RunControl(
    int priority,
    String rerunOf,
    List<EndedAttempt> attempts,
    int admittedAttempt,
    int admittedStarts) {

  /**
   * Ended attempts kept; a job has at most {@code ResourceSpec.MAX_RETRIES + 1} (11), so none is
   * dropped unless the limit on retries grows.
   */
  static final int MAX_ATTEMPTS = 16;

  /** A run without a priority, an original or ended attempts (and records of older invokers). */
  static final RunControl NONE = new RunControl(0, null, List.of(), 0, 0);

  RunControl {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }

  /** A new run's: its priority, and the run it re-runs or null. */
  static RunControl of(int priority, String rerunOf) {
    return new RunControl(priority, rerunOf, List.of(), 0, 0);
  }

  /**
   * When one ended attempt ran.
   *
   * @param attempt the attempt
   * @param startedAt when its task was seen running, else when {@code RunTask} returned it
   * @param endedAt when it ended: its outcome's time when it wrote one, else when the invoker saw
   *     it end
   * @param status how it ended
   */
  record EndedAttempt(int attempt, Instant startedAt, Instant endedAt, RunStatus status) {
    AttemptSpan span() {
      return new AttemptSpan(attempt, startedAt, endedAt, status);
    }
  }

  /** With {@code ended} appended (replacing a record of the same attempt), the newest kept. */
  RunControl withEnded(EndedAttempt ended) {
    List<EndedAttempt> next = new ArrayList<>(attempts.size() + 1);
    for (EndedAttempt attempt : attempts) {
      if (attempt.attempt() != ended.attempt()) {
        next.add(attempt);
      }
    }
    next.add(ended);
    if (next.size() > MAX_ATTEMPTS) {
      next = next.subList(next.size() - MAX_ATTEMPTS, next.size());
    }
    return new RunControl(priority, rerunOf, next, admittedAttempt, admittedStarts);
  }

  /** With the start of {@code attempt} after {@code failedStarts} failed starts admitted. */
  RunControl admitted(int attempt, int failedStarts) {
    return new RunControl(priority, rerunOf, attempts, attempt, failedStarts);
  }

  /** Whether that start of the run was admitted to a slot. */
  boolean admits(int attempt, int failedStarts) {
    return admittedAttempt == attempt && admittedStarts == failedStarts;
  }

  /** Whether there is anything to show beside the run's status. */
  boolean nothingToShow() {
    return priority == 0 && rerunOf == null && attempts.isEmpty();
  }
}
