package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

  @Test
  void anEmptyBuilderGivesTheDefaults() {
    assertSame(RunOptions.defaults(), RunOptions.builder().build());
    assertEquals(Optional.empty(), RunOptions.defaults().startTime(NOW));
    assertEquals(List.of(), RunOptions.defaults().tags());
    assertEquals(0, RunOptions.defaults().priority());
  }

  @Test
  void aStartTimeIsTheInstantGivenOrTheDelayAfterTheCall() {
    Instant at = NOW.plusSeconds(600);
    assertEquals(Optional.of(at), RunOptions.builder().startAt(at).build().startTime(NOW));
    RunOptions delayed = RunOptions.builder().startAfter(Duration.ofMinutes(10)).build();
    assertEquals(Optional.of(at), delayed.startTime(NOW));
    assertEquals(Optional.of(at.plusSeconds(60)), delayed.startTime(NOW.plusSeconds(60)));
    RunOptions last = RunOptions.builder().startAt(NOW).startAfter(Duration.ofSeconds(5)).build();
    assertEquals(Optional.empty(), last.startAt(), "the later setter replaces the earlier");
  }

  @Test
  void tagsKeepTheirOrderWithoutDuplicates() {
    RunOptions options = RunOptions.builder().tags("nightly", "customer:42", "nightly").build();
    assertEquals(List.of("nightly", "customer:42"), options.tags());
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertMessage("startAfter", () -> RunOptions.builder().startAfter(Duration.ofSeconds(-1)));
    assertMessage("startAt", () -> RunOptions.builder().startAt(null));
    assertMessage("timeToLive", () -> RunOptions.builder().timeToLive(Duration.ZERO));
    assertMessage("priority", () -> RunOptions.builder().priority(RunOptions.MAX_PRIORITY + 1));
    assertMessage("tags", () -> RunOptions.builder().tags("has space"));
    assertMessage("tags", () -> RunOptions.builder().tags(""));
    assertMessage("tags", () -> RunOptions.builder().tags("x".repeat(65)));
    assertEquals(
        List.of("t"), RunOptions.builder().tags(Collections.nCopies(11, "t")).build().tags());
    List<String> eleven = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("t" + i);
    }
    assertMessage("at most 10", () -> RunOptions.builder().tags(eleven));
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
