package dev.overtime.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and durations read in human output: {@code 4.2s}, {@code 3m 05s}, {@code 07:13:02}. */
public final class ElapsedTime {
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private ElapsedTime() {}

  public static String format(Duration duration) {
    if (duration == null) {
      return "";
    }
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return String.format("%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format("%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  public static String between(Instant start, Instant end) {
    return start == null ? "" : format(Duration.between(start, end == null ? Instant.now() : end));
  }

  /** An instant as local date and time to the second. */
  public static String local(Instant instant) {
    return instant == null ? "" : LOCAL_TIME.format(instant);
  }
}
