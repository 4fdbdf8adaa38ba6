package dev.overtime.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When one attempt of a run started and ended.
 *
 * @param attempt the attempt number, from 1
 * @param startedAt when the attempt's process was started
 * @param endedAt when its end was recorded, or null while it runs
 * @param status how it ended ({@code SUCCEEDED}, {@code FAILED}, ...), or null while it runs
 */
public record AttemptSpan(int attempt, Instant startedAt, Instant endedAt, RunStatus status) {
  public AttemptSpan {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1; was " + attempt);
    }
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** How long the attempt ran: to its end, or to {@code now} while it runs. */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt == null ? now : endedAt);
  }

  public Optional<Instant> ended() {
    return Optional.ofNullable(endedAt);
  }
}
