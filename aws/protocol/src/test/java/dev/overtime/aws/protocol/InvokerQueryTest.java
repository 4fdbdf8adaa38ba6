package dev.overtime.aws.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvokerQueryTest {
  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aListRequestRoundTripsAndOtherRequestsAreNoQueries() {
    InvokerQuery.ListRuns list = new InvokerQuery.ListRuns("factorial", RunStatus.FAILED, 5, "t");
    assertEquals(list, InvokerQuery.recognize(list.toJsonBytes()).orElseThrow());
    assertEquals(
        new InvokerQuery.ListRuns(null, RunStatus.RUNNING, 20, null),
        InvokerQuery.recognize(json("{\"action\":\"list\",\"status\":\"running\"}")).orElseThrow());
    assertTrue(InvokerQuery.recognize(json("{\"action\":\"get\",\"runId\":\"x\"}")).isEmpty());
    assertTrue(InvokerQuery.recognize(json("not json")).isEmpty());
  }

  @Test
  void badQueriesNameTheField() {
    InvokerProtocolException status =
        assertThrows(
            InvokerProtocolException.class,
            () -> InvokerQuery.recognize(json("{\"action\":\"list\",\"status\":\"DONE\"}")));
    assertEquals(InvokerErrorCode.BAD_REQUEST, status.code());
    assertTrue(status.getMessage().contains("'status'"), status.getMessage());
    InvokerProtocolException limit =
        assertThrows(
            InvokerProtocolException.class,
            () -> InvokerQuery.recognize(json("{\"action\":\"list\",\"limit\":0}")));
    assertTrue(limit.getMessage().contains("1 to 100"), limit.getMessage());
    assertThrows(
        InvokerProtocolException.class,
        () -> InvokerQuery.recognize(json("{\"action\":\"log-streams\"}")));
  }

  @Test
  void pagesAndLogStreamsRoundTripWithoutResults() {
    RunRecord run =
        new RunRecord(
            "01KB3Q8M1T6Z0V4W8Y2C7N5R9D",
            "factorial",
            RunStatus.FAILED,
            2,
            Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:00:30Z"),
            Instant.parse("2026-12-01T10:01:00Z"),
            null,
            new RunError("java.io.IOException", "network"));
    RunPage page = new RunPage(List.of(run), "next-token");
    assertEquals(page, RunPage.parse(page.toJsonBytes()));
    RunLogStreams streams =
        new RunLogStreams(
            run.id(),
            "factorial",
            List.of(
                new RunLogStreams.Stream(
                    1, "abc", RunLogStreams.streamOf("factorial", "job", "abc"))));
    assertEquals(streams, RunLogStreams.parse(streams.toJsonBytes()));
    assertEquals("factorial/job/abc", streams.streams().get(0).logStream());
    InvokerProtocolException error =
        assertThrows(
            InvokerProtocolException.class,
            () ->
                RunPage.parse(
                    json(
                        "{\"error\":{\"code\":\"overtime.unknown-run\",\"message\":\"no run\"}}")));
    assertEquals(InvokerErrorCode.UNKNOWN_RUN, error.code());
  }
}
