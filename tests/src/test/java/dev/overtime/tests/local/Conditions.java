package dev.overtime.tests.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests, bounded, instead of sleeping for a fixed time. */
final class Conditions {
  private Conditions() {}

  static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting until " + what, e);
      }
    }
  }
}
