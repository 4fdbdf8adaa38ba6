package dev.overtime.cli.output;

import dev.overtime.runtime.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a run's progress reads in human output: a bar ({@code ▕██████▍ ▏}), a percentage, and an
 * estimate of the time left from the pace so far.
 *
 * <pre>{@code
 * ProgressBar.bar(0.42, 20)  // "▕████████▍           ▏"
 * ProgressBar.percent(0.42)  // "42%"
 * }</pre>
 */
public final class ProgressBar {
  /** The bar's width in cells, without its two edges. */
  public static final int WIDTH = 20;

  private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

  private ProgressBar() {}

  /** A bar of {@code width} cells filled to {@code fraction}, in eighths of a cell. */
  public static String bar(double fraction, int width) {
    int eighths = (int) Math.floor(clamp(fraction) * width * 8);
    int full = eighths / 8;
    StringBuilder bar = new StringBuilder(width + 2).append('▕');
    bar.append("█".repeat(full));
    if (full < width) {
      bar.append(EIGHTHS[eighths % 8]);
      bar.append(" ".repeat(width - full - (eighths % 8 == 0 ? 0 : 1)));
    }
    return bar.append('▏').toString();
  }

  /** The fraction as a whole percentage; 99% until it is really done. */
  public static String percent(double fraction) {
    double f = clamp(fraction);
    int percent = (int) Math.floor(f * 100);
    return (f < 1 ? Math.min(percent, 99) : 100) + "%";
  }

  /**
   * The time left if the run goes on at its pace so far: the time from {@code startedAt} to the
   * report, scaled to what is left, less the time since the report. Empty before any work is done,
   * or without a start time.
   */
  public static Optional<Duration> timeLeft(RunProgress progress, Instant startedAt, Instant now) {
    if (startedAt == null || progress.fraction() <= 0 || progress.fraction() >= 1) {
      return progress.fraction() >= 1 ? Optional.of(Duration.ZERO) : Optional.empty();
    }
    long spent = Duration.between(startedAt, progress.reportedAt()).toMillis();
    if (spent <= 0) {
      return Optional.empty();
    }
    double f = progress.fraction();
    long total = Math.round(spent * (1 - f) / f);
    long since = Math.max(0, Duration.between(progress.reportedAt(), now).toMillis());
    return Optional.of(Duration.ofMillis(Math.max(0, total - since)));
  }

  /** {@code "42% second 4 of 10, 4.2s elapsed, about 5.8s left"}: progress as one plain line. */
  public static String summary(RunProgress progress, Instant startedAt, Instant now) {
    StringBuilder line = new StringBuilder(percent(progress.fraction()));
    if (!progress.message().isEmpty()) {
      line.append(' ').append(progress.message());
    }
    String times = times(progress, startedAt, now);
    if (!times.isEmpty()) {
      line.append(", ").append(times);
    }
    return line.toString();
  }

  /** {@code "4.2s elapsed, about 5.8s left"}, or what of it is known. */
  public static String times(RunProgress progress, Instant startedAt, Instant now) {
    if (startedAt == null) {
      return "";
    }
    String elapsed = ElapsedTime.format(Duration.between(startedAt, now)) + " elapsed";
    return timeLeft(progress, startedAt, now)
        .filter(left -> progress.fraction() < 1)
        .map(left -> elapsed + ", about " + ElapsedTime.format(roundUp(left)) + " left")
        .orElse(elapsed);
  }

  /** An estimate reads better in whole seconds, rounded up. */
  private static Duration roundUp(Duration left) {
    return Duration.ofSeconds((left.toMillis() + 999) / 1000);
  }

  private static double clamp(double fraction) {
    return Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
  }
}
