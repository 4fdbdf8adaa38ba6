package dev.overtime.engine.local;

import dev.overtime.contract.RunIds;
import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.engine.local.schedule.FireTimes;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.ScheduledFire;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires the schedules enabled on a home, on the supervisor's timer thread. Each fire is an ordinary
 * run whose idempotency key is {@link ScheduledFire#idempotencyKey()}; it is recorded in the same
 * transaction that moves the schedule's last fire ({@link RunStore#fire}), so neither a restart, a
 * {@code kill -9} at any point nor a second supervisor can run a fire twice: what is committed is
 * never fired again, what is not is fired by the next supervisor.
 *
 * <p>A fire is due when the latest fire time at or before now is after the schedule's last fire
 * (or, before the first, after it was enabled). When several fire times passed unseen (no
 * supervisor ran), only the latest is considered: under {@link CatchUp#LATEST} it runs, under
 * {@link CatchUp#SKIP} it runs only if it is at most {@link CatchUp#LATE_AFTER_SECONDS} late.
 */
final class ScheduleFires {
  private final RunStore store;
  private final String owner;
  private final Clock clock;
  private final PrintStream log;
  private final RunIds ids = new RunIds();
  private final Map<String, FireTimes> times = new HashMap<>();

  ScheduleFires(RunStore store, String owner, Clock clock, PrintStream log) {
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Records the runs of the fires that are due.
   *
   * @return the runs recorded, in schedule order
   */
  List<RunRecord> fireDue() {
    List<StoredSchedule> schedules = store.schedules();
    if (schedules.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<RunRecord> fired = new java.util.ArrayList<>();
    for (StoredSchedule schedule : schedules) {
      FireTimes fireTimes;
      try {
        fireTimes =
            times.computeIfAbsent(
                schedule.cron() + " " + schedule.zone(),
                key -> FireTimes.of(schedule.cron(), schedule.zone()));
      } catch (IllegalArgumentException e) {
        // Enabling checks the expression; a row written by hand or by a newer version might not.
        log.println("[overtime] supervisor: schedule " + schedule.id() + " cannot fire: " + e);
        continue;
      }
      long handled = Math.max(schedule.lastFire(), schedule.enabledAt());
      Optional<Instant> latest = due(fireTimes, Instant.ofEpochMilli(handled), now);
      if (latest.isEmpty()) {
        continue;
      }
      Instant due = latest.get();
      Instant first = fireTimes.next(Instant.ofEpochMilli(handled)).orElse(due);
      long lateMillis = now.toEpochMilli() - due.toEpochMilli();
      boolean onTime = lateMillis <= CatchUp.LATE_AFTER_SECONDS * 1000L;
      boolean run = onTime || schedule.catchUp() == CatchUp.LATEST;
      String key = new ScheduledFire(schedule.id(), due).idempotencyKey();
      Optional<RunRecord> recorded =
          store.fire(
              schedule,
              due.toEpochMilli(),
              run ? schedule.run(ids.next(), key, owner, System.currentTimeMillis()) : null);
      String missed = first.isBefore(due) ? missedNote(fireTimes, first, due) : "";
      if (recorded.isPresent()) {
        fired.add(recorded.get());
        log.println(
            "[overtime] supervisor: schedule "
                + schedule.id()
                + " fired for "
                + due
                + " as run "
                + recorded.get().id()
                + (onTime ? "" : " (" + lateMillis / 1000 + " s late, catch-up latest)")
                + missed);
      } else if (!run) {
        log.println(
            "[overtime] supervisor: schedule "
                + schedule.id()
                + " skipped its fire for "
                + due
                + ", "
                + lateMillis / 1000
                + " s late (catch-up skip)"
                + missed);
      }
    }
    return fired;
  }

  /**
   * The latest fire time after {@code handled} and at or before {@code now}, if any. Fire times are
   * those {@link FireTimes#next} gives, walked from at most a day and two hours before the latest
   * wall-clock match (so a time that a fall-back overlap repeats counts once, as the schedule's
   * listing shows it, and a long downtime costs one day's walk).
   */
  static Optional<Instant> due(FireTimes fireTimes, Instant handled, Instant now) {
    Optional<Instant> match = fireTimes.latest(now);
    if (match.isEmpty() || !match.get().isAfter(handled)) {
      return Optional.empty();
    }
    Instant from = match.get().minus(Duration.ofHours(26));
    if (from.isBefore(handled)) {
      from = handled;
    }
    Optional<Instant> due = Optional.empty();
    for (Optional<Instant> next = fireTimes.next(from);
        next.isPresent() && !next.get().isAfter(now);
        next = fireTimes.next(next.get())) {
      due = next;
    }
    return due;
  }

  /**
   * The next fire time of any enabled schedule after now, or empty when none is enabled (or none
   * fires again).
   */
  Optional<Instant> nextFire() {
    Instant now = clock.instant();
    Optional<Instant> next = Optional.empty();
    for (StoredSchedule schedule : store.schedules()) {
      try {
        Optional<Instant> fire = FireTimes.of(schedule.cron(), schedule.zone()).next(now);
        if (fire.isPresent() && (next.isEmpty() || fire.get().isBefore(next.get()))) {
          next = fire;
        }
      } catch (IllegalArgumentException e) {
        // Reported by fireDue.
      }
    }
    return next;
  }

  private static String missedNote(FireTimes fireTimes, Instant first, Instant due) {
    int count = 0;
    Instant at = first;
    while (at.isBefore(due) && count < 1000) {
      count++;
      at = fireTimes.next(at).orElse(due);
    }
    return "; "
        + (count >= 1000 ? "1000 or more" : Integer.toString(count))
        + " earlier fire(s) since "
        + first
        + " were missed and are not run";
  }
}
