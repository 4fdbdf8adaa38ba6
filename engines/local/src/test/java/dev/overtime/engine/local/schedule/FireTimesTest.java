package dev.overtime.engine.local.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FireTimesTest {

  @Test
  void nextFiresFollowTheExpressionInUtc() {
    FireTimes quarterly = FireTimes.of("*/15 9-10 * * MON-FRI", "UTC");

    // 2026-12-04 is a Friday: 9:00..10:45, then Monday.
    List<Instant> fires = quarterly.next(Instant.parse("2026-12-04T10:20:00Z"), 3);

    assertEquals(
        List.of(
            Instant.parse("2026-12-04T10:30:00Z"),
            Instant.parse("2026-12-04T10:45:00Z"),
            Instant.parse("2026-12-07T09:00:00Z")),
        fires);
  }

  @Test
  void wallClockTimeIsKeptAcrossDaylightSavingInTheDeclaredZone() {
    FireTimes nine = FireTimes.of("0 9 * * *", "Europe/Berlin");

    // Berlin leaves summer time on 2026-10-25: 09:00 is 07:00Z before, 08:00Z after.
    List<Instant> fires = nine.next(Instant.parse("2026-10-24T00:00:00Z"), 2);

    assertEquals(
        List.of(Instant.parse("2026-10-24T07:00:00Z"), Instant.parse("2026-10-25T08:00:00Z")),
        fires);
  }

  @Test
  void aTimeInTheSpringForwardGapDoesNotFireTwice() {
    FireTimes twoThirty = FireTimes.of("30 2 * * *", "Europe/Berlin");

    // 2026-03-29 02:30 does not exist in Berlin (02:00 -> 03:00).
    List<Instant> fires = twoThirty.next(Instant.parse("2026-03-28T00:00:00Z"), 3);

    assertEquals(3, fires.size());
    assertEquals(Instant.parse("2026-03-28T01:30:00Z"), fires.get(0));
    assertEquals(fires.stream().distinct().count(), fires.size());
  }

  @Test
  void latestFireIsTheLastOneAtOrBeforeTheInstant() {
    FireTimes hourly = FireTimes.of("0 * * * *", "UTC");

    assertEquals(
        Instant.parse("2026-12-02T06:00:00Z"),
        hourly.latest(Instant.parse("2026-12-02T06:59:59Z")).orElseThrow());
    assertEquals(
        Instant.parse("2026-12-02T06:00:00Z"),
        hourly.latest(Instant.parse("2026-12-02T06:00:00Z")).orElseThrow());
  }
}
