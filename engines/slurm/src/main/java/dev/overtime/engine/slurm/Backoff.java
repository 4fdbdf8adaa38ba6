package dev.overtime.engine.slurm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed attempt is tried again inside the job's allocation: exponential backoff from the
 * run's base delay (doubling per attempt, capped at {@link #MAX_DELAY}), with equal jitter (half
 * fixed, half random) so that many runs failing together do not retry in the same instant.
 */
final class Backoff {
  static final Duration MAX_DELAY = Duration.ofMinutes(5);

  private Backoff() {}

  /** The delay before the start that follows failure number {@code failures} (from 1). */
  static Duration after(long baseMillis, int failures) {
    long ceiling = Math.min(MAX_DELAY.toMillis(), baseMillis << Math.min(20, failures - 1));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
