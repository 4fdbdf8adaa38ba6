package dev.overtime.aws.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priority, re-runs, attempt spans and per-job limits on the wire between client and invoker. */
class RunControlProtocolTest {
  private static final Instant AT = Instant.parse("2026-11-27T07:00:00Z");

  private static InvokerProtocolException badRequest(String json) {
    InvokerProtocolException e =
        assertThrows(
            InvokerProtocolException.class,
            () -> InvokerRequest.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(InvokerErrorCode.BAD_REQUEST, e.code());
    return e;
  }

  @Test
  void aRunsPriorityTravelsInItsRequestAndZeroIsNotSent() throws Exception {
    InvokerRequest request =
        InvokerRequest.runInline("report", JsonCodec.shared().readTree("{}"), null, "k")
            .withPriority(10);
    String json = new String(request.toJsonBytes(), StandardCharsets.UTF_8);
    assertTrue(json.endsWith(",\"priority\":10}"), json);
    assertEquals(request, InvokerRequest.parse(request.toJsonBytes()));
    assertEquals(10, InvokerRequest.parse(request.toJsonBytes()).priority());

    InvokerRequest plain = request.withPriority(0);
    assertNull(plain.priority());
    assertTrue(!new String(plain.toJsonBytes(), StandardCharsets.UTF_8).contains("priority"));

    InvokerRequest batch = InvokerRequest.batch(List.of(request, plain));
    InvokerRequest parsed = InvokerRequest.parse(batch.toJsonBytes());
    assertEquals(10, parsed.items().get(0).priority());
    assertNull(parsed.items().get(1).priority());
  }

  @Test
  void aPriorityOutsideTheBoundsOfRunOptionsIsRefusedNamingTheField() {
    for (String value : List.of("1001", "-1001", "1.5", "\"10\"", "4294967296")) {
      String message =
          badRequest("{\"action\":\"run\",\"job\":\"f\",\"payload\":{},\"priority\":" + value + "}")
              .getMessage();
      assertTrue(
          message.contains("field 'priority' must be a whole number from -1000 to 1000"), message);
    }
    assertTrue(
        badRequest("{\"action\":\"get\",\"runId\":\"x\",\"priority\":1}")
            .getMessage()
            .contains("takes only 'action', 'runId' and 'job'"));
  }

  @Test
  void aRerunNamesTheRunAndTakesOnlyAJobAndAnIdempotencyKey() {
    InvokerRequest rerun = InvokerRequest.rerun("factorial", "01KB3Q8M1T6Z0V4W8Y2C7N5R9D", "k-1");
    assertEquals(
        "{\"action\":\"rerun\",\"job\":\"factorial\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\","
            + "\"idempotencyKey\":\"k-1\"}",
        new String(rerun.toJsonBytes(), StandardCharsets.UTF_8));
    assertEquals(rerun, InvokerRequest.parse(rerun.toJsonBytes()));
    assertEquals(
        InvokerAction.RERUN,
        InvokerRequest.parse(
                "{\"action\":\"rerun\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\"}"
                    .getBytes(StandardCharsets.UTF_8))
            .action());

    assertTrue(
        badRequest("{\"action\":\"rerun\"}")
            .getMessage()
            .contains("field 'runId' is missing; a rerun request names the run to run again"));
    assertTrue(
        badRequest("{\"action\":\"rerun\",\"runId\":\"x\",\"payload\":{}}")
            .getMessage()
            .contains("field 'payload' is not allowed in a rerun request"));
    assertTrue(
        badRequest("{\"action\":\"rerun\",\"runId\":\"x\",\"priority\":3}")
            .getMessage()
            .contains("keeps the original's priority"));
    assertTrue(
        badRequest("{\"action\":\"rerun\",\"runId\":\"x\",\"idempotencyKey\":\"\"}")
            .getMessage()
            .contains("'idempotencyKey' must be 1 to 200 characters"));
    assertTrue(
        badRequest("{\"action\":\"again\",\"runId\":\"x\"}")
            .getMessage()
            .contains("use one of run, get, cancel, batch, rerun"));
  }

  @Test
  void priorityOriginalAndAttemptSpansTravelInTheAnswer() {
    List<AttemptSpan> spans =
        List.of(
            new AttemptSpan(1, AT, AT.plusSeconds(2), RunStatus.FAILED),
            new AttemptSpan(2, AT.plusSeconds(12), null, null));
    RunRecord record =
        new RunRecord(
                "01KB3Q8M1T6Z0V4W8Y2C7N5R9E",
                "factorial",
                RunStatus.RUNNING,
                2,
                AT.minusSeconds(1),
                AT.plusSeconds(12),
                null,
                null,
                new RunError("java.io.IOException", "network"))
            .withDetails(
                RunDetails.builder()
                    .priority(-5)
                    .rerunOf("01KB3Q8M1T6Z0V4W8Y2C7N5R9D")
                    .attempts(spans)
                    .build());
    InvokerAnswer answer = InvokerAnswer.of(new InvokerAnswer.RunView(record, null));
    String json = new String(answer.toJsonBytes(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"priority\":-5"), json);
    assertTrue(json.contains("\"rerunOf\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\""), json);
    assertTrue(
        json.contains(
            "\"attempts\":[{\"attempt\":1,\"startedAt\":\"2026-11-27T07:00:00Z\","
                + "\"endedAt\":\"2026-11-27T07:00:02Z\",\"status\":\"FAILED\"},"
                + "{\"attempt\":2,\"startedAt\":\"2026-11-27T07:00:12Z\",\"endedAt\":null,"
                + "\"status\":null}]"),
        json);

    RunDetails read = InvokerAnswer.parse(answer.toJsonBytes()).run().record().details();
    assertEquals(-5, read.priority());
    assertEquals("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", read.rerunOf().orElseThrow());
    assertEquals(spans, read.attempts());

    // An answer of an older invoker has none of them.
    RunRecord plain =
        new RunRecord(
            "01KB3Q8M1T6Z0V4W8Y2C7N5R9F", "f", RunStatus.QUEUED, 1, AT, null, null, null, null);
    String plainJson =
        new String(
            InvokerAnswer.of(new InvokerAnswer.RunView(plain, null)).toJsonBytes(),
            StandardCharsets.UTF_8);
    assertTrue(!plainJson.contains("priority") && !plainJson.contains("attempts"), plainJson);
    assertEquals(
        RunDetails.none(),
        InvokerAnswer.parse(plainJson.getBytes(StandardCharsets.UTF_8)).run().record().details());
  }

  @Test
  void theRerunsOfARunAreAQueryAnsweredOldestFirst() {
    InvokerQuery query =
        InvokerQuery.recognize(
                "{\"action\":\"reruns\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\"}"
                    .getBytes(StandardCharsets.UTF_8))
            .orElseThrow();
    assertEquals(new InvokerQuery.Reruns("01KB3Q8M1T6Z0V4W8Y2C7N5R9D"), query);
    assertEquals(query, InvokerQuery.recognize(query.toJsonBytes()).orElseThrow(), "round trip");
    InvokerProtocolException missing =
        assertThrows(
            InvokerProtocolException.class,
            () ->
                InvokerQuery.recognize("{\"action\":\"reruns\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(missing.getMessage().contains("field 'runId' is missing"), missing.getMessage());

    RunReruns reruns =
        new RunReruns(
            "01KB3Q8M1T6Z0V4W8Y2C7N5R9D",
            List.of("01KB3Q8M1T6Z0V4W8Y2C7N5R9E", "01KB3Q8M1T6Z0V4W8Y2C7N5R9F"));
    assertEquals(reruns, RunReruns.parse(reruns.toJsonBytes()));
    InvokerProtocolException unknown =
        assertThrows(
            InvokerProtocolException.class,
            () ->
                RunReruns.parse(
                    InvokerAnswer.error(InvokerErrorCode.UNKNOWN_RUN, "no run 'x'").toJsonBytes()));
    assertEquals(InvokerErrorCode.UNKNOWN_RUN, unknown.code());
  }

  @Test
  void aJobsConcurrencyLimitIsReadFromTheJobsVariableAndCheckedAsTheProcessorDoes() {
    List<String> problems = new ArrayList<>();
    assertEquals(
        Map.of("import-ledger", 1),
        InvokerEnvironment.readConcurrency(
            "{\"factorial\":{\"timeoutSeconds\":60},"
                + "\"import-ledger\":{\"timeoutSeconds\":60,\"concurrency\":1}}",
            problems));
    assertEquals(List.of(), problems);

    InvokerEnvironment.readConcurrency(
        "{\"a\":{\"timeoutSeconds\":60,\"concurrency\":0},"
            + "\"b\":{\"timeoutSeconds\":60,\"concurrency\":1001},"
            + "\"c\":{\"timeoutSeconds\":60,\"concurrency\":\"2\"}}",
        problems);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "OVERTIME_JOBS.a.concurrency must be a whole number from 1 to 1000 (the job's"
                    + " @JobHandler(concurrency)), was 0"),
        problems.toString());
    assertTrue(problems.get(1).startsWith("OVERTIME_JOBS.b.concurrency"), problems.toString());
    assertTrue(problems.get(2).startsWith("OVERTIME_JOBS.c.concurrency"), problems.toString());
  }
}
