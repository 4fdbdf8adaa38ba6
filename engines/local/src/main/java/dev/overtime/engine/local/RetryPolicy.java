package dev.overtime.engine.local;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed attempt is tried again: exponential backoff from a base delay (doubling per
 * attempt, capped), with "equal jitter" (half fixed, half random) so that many runs failing
 * together do not all retry in the same instant.
 */
final class RetryPolicy {
  static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofMinutes(5);

  private final Duration base;

  RetryPolicy(Duration base) {
    this.base = base;
  }

  /** The delay before attempt {@code failedAttempt + 1}. */
  Duration delayAfter(int failedAttempt) {
    long ceiling =
        Math.min(MAX_DELAY.toMillis(), base.toMillis() << Math.min(20, failedAttempt - 1));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
