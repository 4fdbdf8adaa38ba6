package dev.overtime.aws.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvokerProtocolTest {

  private static InvokerProtocolException badRequest(String json) {
    InvokerProtocolException e =
        assertThrows(
            InvokerProtocolException.class,
            () -> InvokerRequest.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(InvokerErrorCode.BAD_REQUEST, e.code());
    return e;
  }

  @Test
  void runRequestRoundTripsWithoutAbsentFields() throws Exception {
    InvokerRequest request =
        InvokerRequest.runInline(
            "factorial", JsonCodec.shared().readTree("{\"num\":10}"), 3600L, "order-42");
    String json = new String(request.toJsonBytes(), StandardCharsets.UTF_8);
    assertEquals(
        "{\"action\":\"run\",\"job\":\"factorial\",\"payload\":{\"num\":10},\"timeoutSeconds\":3600,"
            + "\"idempotencyKey\":\"order-42\"}",
        json);
    assertEquals(request, InvokerRequest.parse(request.toJsonBytes()));
  }

  @Test
  void badRequestsNameTheFieldAndTheFix() {
    assertTrue(badRequest("[]").getMessage().contains("must be a JSON object"));
    assertTrue(
        badRequest("{\"action\":\"get\"}").getMessage().contains("field 'runId' is missing"));
    assertTrue(
        badRequest("{\"action\":\"run\",\"job\":\"f\"}")
            .getMessage()
            .contains("exactly one of 'payload'"));
    assertTrue(
        badRequest("{\"action\":\"run\",\"job\":\"f\",\"payload\":{},\"payloadUri\":\"s3://b/k\"}")
            .getMessage()
            .contains("exactly one of 'payload'"));
    assertTrue(
        badRequest("{\"action\":\"run\",\"job\":\"f\",\"payload\":{},\"timeoutSeconds\":\"60\"}")
            .getMessage()
            .contains("'timeoutSeconds' must be a positive whole number"));
    assertTrue(
        badRequest("{\"action\":\"get\",\"runId\":\"x\",\"extra\":1}")
            .getMessage()
            .contains("unknown field(s) [extra]"));
    assertTrue(
        badRequest("{\"action\":\"get\",\"runId\":7}")
            .getMessage()
            .contains("field 'runId' must be a string"));
  }

  @Test
  void aClientKeyWithTheFiresPrefixIsRefusedInRunsAndBatchItems() {
    InvokerProtocolException run =
        badRequest(
            "{\"action\":\"run\",\"job\":\"f\",\"payload\":{},"
                + "\"idempotencyKey\":\"schedule:f#0@2026-12-02T01:30:00Z\"}");
    assertTrue(run.getMessage().contains("field 'idempotencyKey'"), run.getMessage());
    assertTrue(run.getMessage().contains("reserved for the fires of @Schedule"), run.getMessage());
    InvokerProtocolException batch =
        badRequest(
            "{\"action\":\"batch\",\"items\":[{\"job\":\"f\",\"payload\":{}},"
                + "{\"job\":\"f\",\"payload\":{},\"idempotencyKey\":\"schedule:x\"}]}");
    assertTrue(batch.getMessage().startsWith("items[1]: "), batch.getMessage());
    assertTrue(batch.getMessage().contains("'schedule:'"), batch.getMessage());
    // A key that only contains the word is a client's own.
    InvokerRequest own =
        InvokerRequest.parse(
            ("{\"action\":\"run\",\"job\":\"f\",\"payload\":{},"
                    + "\"idempotencyKey\":\"my-schedule:1\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals("my-schedule:1", own.idempotencyKey());
  }

  @Test
  void rescheduleNamesTheRunAndItsNewStartTimeAndNothingElse() {
    InvokerRequest request =
        InvokerRequest.reschedule("report", "01J", Instant.parse("2026-12-24T18:00:00Z"));
    assertEquals(
        "{\"action\":\"reschedule\",\"job\":\"report\",\"runId\":\"01J\","
            + "\"startAt\":\"2026-12-24T18:00:00Z\"}",
        new String(request.toJsonBytes(), StandardCharsets.UTF_8));
    assertEquals(request, InvokerRequest.parse(request.toJsonBytes()));
    assertTrue(
        badRequest("{\"action\":\"reschedule\",\"runId\":\"01J\"}")
            .getMessage()
            .contains("field 'startAt' is missing"));
    assertTrue(
        badRequest("{\"action\":\"reschedule\",\"startAt\":\"2026-12-24T18:00:00Z\"}")
            .getMessage()
            .contains("field 'runId' is missing"));
    assertTrue(
        badRequest("{\"action\":\"reschedule\",\"runId\":\"01J\",\"startAt\":\"soon\"}")
            .getMessage()
            .contains("'startAt' must be an ISO-8601 UTC instant"));
    assertTrue(
        badRequest(
                "{\"action\":\"reschedule\",\"runId\":\"01J\","
                    + "\"startAt\":\"2026-12-24T18:00:00Z\",\"payload\":{}}")
            .getMessage()
            .contains("not 'payload'"));
    assertTrue(
        badRequest("{\"action\":\"get\",\"runId\":\"01J\",\"startAt\":\"2026-12-24T18:00:00Z\"}")
            .getMessage()
            .contains("takes only 'action', 'runId' and 'job'"));
    assertTrue(
        badRequest("{\"action\":\"resume-all\"}").getMessage().contains("reschedule"),
        "the actions are listed");
  }

  @Test
  void theScheduleThatFiredARunTravelsInTheAnswer() {
    RunRecord record =
        new RunRecord(
            "01J",
            "factorial",
            RunStatus.QUEUED,
            1,
            Instant.parse("2026-12-02T01:30:01Z"),
            null,
            null,
            null,
            null);
    InvokerAnswer fired =
        InvokerAnswer.of(
            new InvokerAnswer.RunView(
                record.withDetails(
                    RunDetails.builder()
                        .schedule("factorial#0", Instant.parse("2026-12-02T01:30:00Z"))
                        .build()),
                null));
    String json = new String(fired.toJsonBytes(), StandardCharsets.UTF_8);
    assertTrue(
        json.contains("\"schedule\":\"factorial#0\",\"scheduledFor\":\"2026-12-02T01:30:00Z\""),
        json);
    InvokerAnswer parsed = InvokerAnswer.parse(fired.toJsonBytes());
    assertEquals(fired, parsed);
    assertEquals("factorial#0", parsed.run().record().details().schedule().orElseThrow());
    String plain =
        new String(
            InvokerAnswer.of(new InvokerAnswer.RunView(record, null)).toJsonBytes(),
            StandardCharsets.UTF_8);
    assertTrue(!plain.contains("schedule"), "a run no schedule fired has no schedule: " + plain);
  }

  @Test
  void requestToStringNeverShowsThePayload() throws Exception {
    InvokerRequest request =
        InvokerRequest.runInline(
            "f", JsonCodec.shared().readTree("{\"secret\":\"hunter2\"}"), null, null);
    assertTrue(!request.toString().contains("hunter2"), request.toString());
  }

  @Test
  void answersRoundTrip() {
    InvokerAnswer run =
        InvokerAnswer.of(
            new InvokerAnswer.RunView(
                new RunRecord(
                    "01J",
                    "f",
                    RunStatus.FAILED,
                    2,
                    Instant.parse("2026-11-27T07:00:00Z"),
                    null,
                    Instant.parse("2026-11-27T07:01:00Z"),
                    null,
                    new RunError("java.io.IOException", "disk")),
                null));
    assertEquals(run, InvokerAnswer.parse(run.toJsonBytes()));
    // A result travels as the JSON it is (here a number beyond long), a large one as its URI.
    InvokerAnswer succeeded =
        InvokerAnswer.of(
            new InvokerAnswer.RunView(
                new RunRecord(
                    "01J",
                    "f",
                    RunStatus.SUCCEEDED,
                    1,
                    Instant.parse("2026-11-27T07:00:00Z"),
                    Instant.parse("2026-11-27T07:00:01Z"),
                    Instant.parse("2026-11-27T07:01:00Z"),
                    "{\"n\":123456789012345678901234567890}",
                    null),
                null));
    assertEquals(succeeded, InvokerAnswer.parse(succeeded.toJsonBytes()));
    InvokerAnswer large =
        InvokerAnswer.of(
            new InvokerAnswer.RunView(
                new RunRecord(
                    "01J",
                    "f",
                    RunStatus.SUCCEEDED,
                    1,
                    Instant.parse("2026-11-27T07:00:00Z"),
                    null,
                    Instant.parse("2026-11-27T07:01:00Z"),
                    null,
                    null),
                "s3://bucket/overtime/runs/01J/attempt-1/outcome.json"));
    assertEquals(large, InvokerAnswer.parse(large.toJsonBytes()));
    InvokerAnswer error = InvokerAnswer.error(InvokerErrorCode.UNKNOWN_JOB, "no job 'x'");
    assertEquals(error, InvokerAnswer.parse(error.toJsonBytes()));
    assertNull(error.run());
  }

  @Test
  void aRunsProgressTravelsInTheAnswerAndAnAnswerWithoutItHasNone() {
    RunRecord running =
        new RunRecord(
            "01J",
            "f",
            RunStatus.RUNNING,
            1,
            Instant.parse("2026-11-27T07:00:00Z"),
            Instant.parse("2026-11-27T07:00:01Z"),
            null,
            null,
            null);
    RunProgress progress =
        new RunProgress(0.42, "frame 42 of 100", Instant.parse("2026-11-27T07:00:30Z"));
    InvokerAnswer answer =
        InvokerAnswer.of(
            new InvokerAnswer.RunView(
                running.withDetails(RunDetails.builder().progress(progress).build()), null));

    InvokerAnswer parsed = InvokerAnswer.parse(answer.toJsonBytes());
    assertEquals(answer, parsed);
    assertEquals(progress, parsed.run().record().details().progress().orElseThrow());
    String older =
        "{\"run\":{\"runId\":\"01J\",\"job\":\"f\",\"status\":\"RUNNING\",\"attempt\":1,"
            + "\"createdAt\":\"2026-11-27T07:00:00Z\",\"startedAt\":null,\"finishedAt\":null,"
            + "\"result\":null,\"resultUri\":null,\"error\":null}}";
    assertTrue(
        InvokerAnswer.parse(older.getBytes(StandardCharsets.UTF_8))
            .run()
            .record()
            .details()
            .progress()
            .isEmpty(),
        "an invoker older than progress sends none");
  }

  @Test
  void foreignAnswerIsExplained() {
    InvokerProtocolException e =
        assertThrows(
            InvokerProtocolException.class,
            () -> InvokerAnswer.parse("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().contains("Check that OVERTIME_INVOKER_FUNCTION names the invoker"),
        e.getMessage());
  }
}
