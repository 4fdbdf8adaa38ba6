package dev.overtime.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest progress a run's handler reported through {@code JobContext.progress(fraction,
 * message)}.
 *
 * @param fraction how much is done, from 0 to 1
 * @param message what the handler is doing, possibly empty
 * @param reportedAt when the handler reported it
 */
public record RunProgress(double fraction, String message, Instant reportedAt) {
  public RunProgress {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "progress fraction must be between 0 and 1 (0.25 for a quarter done); was " + fraction);
    }
    message = message == null ? "" : message;
    Objects.requireNonNull(reportedAt, "reportedAt");
  }
}
