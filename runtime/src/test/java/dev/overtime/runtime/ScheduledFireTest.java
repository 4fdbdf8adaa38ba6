package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduledFireTest {
  private static final Instant AT = Instant.parse("2026-12-02T01:30:00Z");

  @Test
  void theKeyNamesTheScheduleAndTheFireInstantAndReadsBack() {
    ScheduledFire fire = new ScheduledFire("nightly-report#1", AT);
    assertEquals("schedule:nightly-report#1@2026-12-02T01:30:00Z", fire.idempotencyKey());
    assertEquals("nightly-report", fire.job());
    assertEquals(1, fire.index());
    assertEquals(Optional.of(fire), ScheduledFire.fromIdempotencyKey(fire.idempotencyKey()));
  }

  @Test
  void keysThatAreNotAFiresAreNotRead() {
    assertEquals(Optional.empty(), ScheduledFire.fromIdempotencyKey(null));
    assertEquals(Optional.empty(), ScheduledFire.fromIdempotencyKey("order-42"));
    assertEquals(Optional.empty(), ScheduledFire.fromIdempotencyKey("schedule:nightly@" + AT));
    assertEquals(Optional.empty(), ScheduledFire.fromIdempotencyKey("schedule:a#0@yesterday"));
  }

  @Test
  void aScheduleIdWithoutAnIndexIsRefusedWithTheForm() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ScheduledFire("nightly", AT));
    assertTrue(e.getMessage().contains("<job>#<index>"), e.getMessage());
  }

  @Test
  void runOptionsRefuseTheReservedPrefix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunOptions.builder().idempotencyKey("schedule:nightly-report#0@" + AT));
    assertTrue(e.getMessage().startsWith("idempotencyKey must not start with 'schedule:'"));
  }
}
