package dev.overtime.engine.local.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule enabled on a home: the supervisor of the home fires it.
 *
 * @param id {@code <job>#<index>}
 * @param job the job it runs
 * @param declared the cron expression as written
 * @param cron its five fields, macros expanded
 * @param zone the IANA zone it is read in
 * @param payload the payload JSON of every fire
 * @param catchUp what happens to fires missed while no supervisor ran
 * @param enabledAt when it was enabled: it fires for the times after this
 * @param lastFire the latest fire handled (run, or skipped by {@link CatchUp#SKIP}), if any
 */
public record EnabledSchedule(
    String id,
    String job,
    String declared,
    String cron,
    String zone,
    String payload,
    CatchUp catchUp,
    Instant enabledAt,
    Optional<Instant> lastFire) {
  public EnabledSchedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(catchUp, "catchUp");
    Objects.requireNonNull(enabledAt, "enabledAt");
    Objects.requireNonNull(lastFire, "lastFire");
  }

  /** The next fire after {@code after}, if the expression fires again. */
  public Optional<Instant> nextFire(Instant after) {
    return FireTimes.of(cron, zone).next(after);
  }
}
