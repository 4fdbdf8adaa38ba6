package dev.overtime.tooling.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.engine.local.schedule.FireTimes;
import dev.overtime.runtime.manifest.ManifestSchedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * The JSON form of one {@code @Schedule} of a job with its next fires, as the console's {@code GET
 * /api/jobs} lists it under each job (docs/console.md): {@code
 * {"id","job","index","declared","cron","zone","payload","nextFires","nextFiresInZone"}}, {@code
 * nextFires} being UTC instants (as {@code overtime schedules --json} gives them) and {@code
 * nextFiresInZone} the same fires in the schedule's zone with its offset, {@code "2026-10-26 02:30
 * +01:00"}, so a daylight-saving change shows.
 *
 * <pre>{@code
 * ObjectNode json = ScheduleJson.of(schedule, "factorial", Instant.now(), 3);
 * }</pre>
 *
 * <p>A schedule whose cron or zone cannot be evaluated (a manifest not written by the processor,
 * which refuses both) has empty fire lists and a {@code "problem"} saying so, rather than failing
 * the whole list of jobs.
 */
public final class ScheduleJson {
  /** The wall-clock form of a fire, the one {@code overtime schedules} prints. */
  public static final DateTimeFormatter IN_ZONE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

  private ScheduleJson() {}

  /**
   * @param schedule the schedule, from the job's manifest entry
   * @param job the job it fires
   * @param after the fires listed are the first {@code count} strictly after this instant
   * @param count how many fires to list, at least 1
   */
  public static ObjectNode of(ManifestSchedule schedule, String job, Instant after, int count) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(after, "after");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", schedule.id());
    node.put("job", job);
    node.put("index", schedule.index());
    node.put("declared", schedule.declared());
    node.put("cron", schedule.cron());
    node.put("zone", schedule.zone());
    node.put("payload", schedule.payload());
    ArrayNode utc = node.putArray("nextFires");
    ArrayNode inZone = node.putArray("nextFiresInZone");
    List<Instant> fires;
    ZoneId zone;
    try {
      zone = ZoneId.of(schedule.zone());
      fires = FireTimes.of(schedule.cron(), schedule.zone()).next(after, count);
    } catch (IllegalArgumentException | DateTimeException e) {
      node.put(
          "problem",
          "cron \""
              + schedule.cron()
              + "\" in zone \""
              + schedule.zone()
              + "\" cannot be evaluated ("
              + e.getMessage()
              + "); rebuild the application with overtime-processor, which checks both.");
      return node;
    }
    for (Instant fire : fires) {
      utc.add(fire.toString());
      inZone.add(IN_ZONE.format(fire.atZone(zone)));
    }
    return node;
  }
}
