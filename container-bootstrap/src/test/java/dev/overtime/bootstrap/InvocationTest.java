package dev.overtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvocationTest {
  @TempDir Path directory;

  @Test
  void readsTheWholeContract() throws Exception {
    Invocation invocation =
        Invocation.read(
            Map.of(
                "OVERTIME_JOB",
                "factorial",
                "OVERTIME_RUN_ID",
                "R1",
                "OVERTIME_ATTEMPT",
                "2",
                "OVERTIME_DEADLINE",
                "2026-01-01T00:00:00Z",
                "OVERTIME_RESULT_URI",
                "file:/tmp/outcome.json"));

    assertEquals(
        new Invocation(
            "factorial",
            "R1",
            2,
            null,
            Instant.parse("2026-01-01T00:00:00Z"),
            URI.create("file:/tmp/outcome.json"),
            null,
            null),
        invocation);
  }

  @Test
  void onlyTheJobIsRequiredForARunByHand() throws Exception {
    Invocation invocation = Invocation.read(Map.of("OVERTIME_JOB", "factorial"));

    assertEquals(Invocation.MANUAL_RUN_ID, invocation.runId());
    assertEquals(1, invocation.attempt());
    assertNull(invocation.deadline());
    assertNull(invocation.resultUri());
  }

  @Test
  void malformedVariablesAreNamed() {
    assertTrue(message(Map.of()).contains("OVERTIME_JOB"));
    assertTrue(
        message(Map.of("OVERTIME_JOB", "j", "OVERTIME_ATTEMPT", "0")).contains("OVERTIME_ATTEMPT"));
    assertTrue(
        message(Map.of("OVERTIME_JOB", "j", "OVERTIME_DEADLINE", "tomorrow"))
            .contains("OVERTIME_DEADLINE"));
    assertTrue(
        message(Map.of("OVERTIME_JOB", "j", "OVERTIME_RESULT_URI", "outcome.json"))
            .contains("OVERTIME_RESULT_URI"));
  }

  @Test
  void payloadComesFromExactlyOneSource() throws Exception {
    Path payload = directory.resolve("payload.json");
    Files.writeString(payload, "{\"num\":20}");
    Invocation invocation = Invocation.read(Map.of("OVERTIME_JOB", "j"));

    assertEquals(
        "{\"num\":20}",
        invocation
            .withPayload(Map.of("OVERTIME_PAYLOAD_URI", payload.toUri().toString()))
            .payloadJson());
    assertEquals("{}", invocation.withPayload(Map.of("OVERTIME_PAYLOAD", "{}")).payloadJson());
    assertThrows(BadInvocationException.class, () -> invocation.withPayload(Map.of()));
    assertThrows(
        BadInvocationException.class,
        () ->
            invocation.withPayload(
                Map.of(
                    "OVERTIME_PAYLOAD", "{}", "OVERTIME_PAYLOAD_URI", payload.toUri().toString())));
  }

  private static String message(Map<String, String> env) {
    return assertThrows(BadInvocationException.class, () -> Invocation.read(env)).getMessage();
  }
}
