package dev.overtime.engine.local.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: its five-field cron expression read in its zone, evaluated by cron-utils
 * (the Unix definition the processor checks expressions with). Daylight-saving transitions behave
 * as cron-utils documents them: a wall-clock time that a spring-forward gap skips does not fire
 * that day, and one that a fall-back overlap repeats fires once, at its first occurrence.
 *
 * <pre>{@code
 * FireTimes nightly = FireTimes.of("30 2 * * *", "Europe/Berlin");
 * Optional<Instant> next = nightly.next(Instant.now());
 * }</pre>
 */
public final class FireTimes {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime execution;
  private final ZoneId zone;

  private FireTimes(ExecutionTime execution, ZoneId zone) {
    this.execution = execution;
    this.zone = zone;
  }

  /**
   * @param cron five fields, macros already expanded (as the manifest's {@code cron})
   * @param zone an IANA zone id
   * @throws IllegalArgumentException if either does not parse (the processor refuses both)
   */
  public static FireTimes of(String cron, String zone) {
    return new FireTimes(ExecutionTime.forCron(UNIX.parse(cron).validate()), ZoneId.of(zone));
  }

  /** The first fire strictly after {@code after}, if the expression ever fires again. */
  public Optional<Instant> next(Instant after) {
    return execution.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The last fire at or before {@code atOrBefore}, if any. */
  public Optional<Instant> latest(Instant atOrBefore) {
    ZonedDateTime at = atOrBefore.atZone(zone);
    if (execution.isMatch(at) && at.getSecond() == 0 && at.getNano() == 0) {
      return Optional.of(atOrBefore);
    }
    return execution.lastExecution(at).map(ZonedDateTime::toInstant);
  }

  /** The next {@code count} fires strictly after {@code after}, in order. */
  public List<Instant> next(Instant after, int count) {
    List<Instant> fires = new ArrayList<>();
    Instant from = after;
    while (fires.size() < count) {
      Optional<Instant> next = next(from);
      if (next.isEmpty()) {
        break;
      }
      fires.add(next.get());
      from = next.get();
    }
    return fires;
  }
}
