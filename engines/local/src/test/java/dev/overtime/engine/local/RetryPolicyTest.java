package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delayDoublesPerAttemptWithJitterInTheUpperHalf() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1));
    for (int attempt = 1; attempt <= 5; attempt++) {
      long ceiling = 1000L << (attempt - 1);
      for (int i = 0; i < 200; i++) {
        long delay = policy.delayAfter(attempt).toMillis();
        assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
      }
    }
  }

  @Test
  void delayIsCappedAtFiveMinutes() {
    assertTrue(
        new RetryPolicy(Duration.ofSeconds(1)).delayAfter(30).compareTo(RetryPolicy.MAX_DELAY)
            <= 0);
  }

  @Test
  void jitterSpreadsRetriesOfRunsThatFailedTogether() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10));
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> policy.delayAfter(1))
            .distinct()
            .count();
    assertTrue(distinct > 10, "only " + distinct + " distinct delays");
  }
}
