package dev.overtime.bench;

import java.time.Instant;

/**
 * The clock shared by a benchmark and the processes it starts: the wall clock in microseconds
 * ({@link Instant#now()} has microsecond resolution on Linux). Both sides read the same system
 * clock, so the difference is the elapsed time, give or take a clock adjustment during the run.
 */
public final class StartClock {
  private StartClock() {}

  public static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  public static long now() {
    return micros(Instant.now());
  }
}
