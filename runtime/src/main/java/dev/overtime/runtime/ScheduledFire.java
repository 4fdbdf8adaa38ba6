package dev.overtime.runtime;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One fire of a {@code @Schedule}: the schedule ({@code job#index}) and the instant it fires for.
 * Each fire is an ordinary run whose idempotency key is {@link #idempotencyKey()}, {@code
 * schedule:<job>#<index>@<fire instant, ISO-8601 UTC>}, so that two supervisors, a restarted one or
 * a retried invoke cannot start a fire twice. Keys with the {@value #KEY_PREFIX} prefix are
 * reserved for fires: {@link RunOptions.Builder#idempotencyKey} refuses them.
 *
 * <pre>{@code
 * ScheduledFire fire = new ScheduledFire("nightly-report#0", Instant.parse("2026-12-02T01:30:00Z"));
 * fire.idempotencyKey();  // "schedule:nightly-report#0@2026-12-02T01:30:00Z"
 * ScheduledFire.fromIdempotencyKey(run.idempotencyKey()).ifPresent(f -> ...);
 * }</pre>
 *
 * @param schedule the schedule's id, {@code <job>#<index>}
 * @param fireTime the instant the schedule fires for (not when the run started)
 */
public record ScheduledFire(String schedule, Instant fireTime) {
  /** The prefix of every fire's idempotency key. */
  public static final String KEY_PREFIX = "schedule:";

  private static final Pattern SCHEDULE_ID = Pattern.compile("[^\\s@#]+#\\d+");

  public ScheduledFire {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(fireTime, "fireTime");
    if (!SCHEDULE_ID.matcher(schedule).matches()) {
      throw new IllegalArgumentException(
          "schedule must be <job>#<index>, e.g. \"nightly-report#0\"; was \"" + schedule + "\"");
    }
  }

  /** The job the schedule belongs to. */
  public String job() {
    return schedule.substring(0, schedule.lastIndexOf('#'));
  }

  /** The schedule's position among its job's {@code @Schedule}s, from 0. */
  public int index() {
    return Integer.parseInt(schedule.substring(schedule.lastIndexOf('#') + 1));
  }

  /** {@code schedule:<job>#<index>@<fire instant>}: the same for every attempt to start it. */
  public String idempotencyKey() {
    return KEY_PREFIX + schedule + "@" + fireTime;
  }

  /** The fire a key names, or empty for a key that is not a fire's. */
  public static Optional<ScheduledFire> fromIdempotencyKey(String key) {
    if (key == null || !key.startsWith(KEY_PREFIX)) {
      return Optional.empty();
    }
    int at = key.lastIndexOf('@');
    if (at < KEY_PREFIX.length()) {
      return Optional.empty();
    }
    String schedule = key.substring(KEY_PREFIX.length(), at);
    if (!SCHEDULE_ID.matcher(schedule).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ScheduledFire(schedule, Instant.parse(key.substring(at + 1))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether a key has the prefix reserved for fires. */
  public static boolean isReserved(String key) {
    return key != null && key.startsWith(KEY_PREFIX);
  }
}
