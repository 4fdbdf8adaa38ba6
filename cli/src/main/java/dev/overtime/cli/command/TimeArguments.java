package dev.overtime.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The time values of {@code run --start-at/--start-in/--ttl} and {@code reschedule --at/--in}: an
 * ISO-8601 instant ({@code 2026-12-24T18:00:00Z}, or with an offset) and a duration ({@code 90s},
 * {@code 10m}, {@code 2h}, {@code 1d}, {@code 500ms}, or ISO-8601 {@code PT1H30M}). A bad value is
 * refused (exit code 2) with the flag's name and an example.
 */
final class TimeArguments {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private TimeArguments() {}

  /** A duration of at least {@code minimum} (zero or one millisecond). */
  static Duration duration(CommandLine command, String flag, String text, boolean zeroAllowed) {
    Duration duration = parseDuration(text);
    if (duration == null) {
      throw new ParameterException(
          command,
          flag
              + ": '"
              + text
              + "' is not a duration; give a number with a unit, e.g. "
              + flag
              + " 10m (also 500ms, 90s, 2h, 1d, or ISO-8601 PT1H30M)");
    }
    if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
      throw new ParameterException(
          command,
          flag
              + ": '"
              + text
              + "' must be "
              + (zeroAllowed ? "zero or more" : "more than zero")
              + ", e.g. "
              + flag
              + " 10m");
    }
    return duration;
  }

  /** An instant: {@code 2026-12-24T18:00:00Z} or {@code 2026-12-24T19:00:00+01:00}. */
  static Instant instant(CommandLine command, String flag, String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text.trim()).toInstant();
      } catch (DateTimeParseException again) {
        throw new ParameterException(
            command,
            flag
                + ": '"
                + text
                + "' is not an ISO-8601 instant; give a UTC time or one with an offset, e.g. "
                + flag
                + " 2026-12-24T18:00:00Z");
      }
    }
  }

  private static Duration parseDuration(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(trimmed);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      }
      if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      return null;
    }
    return null;
  }
}
