package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.InjectedFault;
import dev.overtime.contract.ErrorCode;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delayed and expiring runs on the invoker, against the emulator: a delayed run is recorded {@code
 * DELAYED} with a one-time schedule that starts it on time with nobody reading it; the fire is only
 * a wake-up, so a replayed, late or cancelled run's fire starts nothing more; a run not started
 * within its time to live ends {@code EXPIRED} and never gets a task.
 */
class InvokerDelayedRunsTest {
  private InvokerFixture fixture;
  private RunStore store;

  @BeforeEach
  void start() throws Exception {
    fixture = new InvokerFixture("{\"echo\":{\"timeoutSeconds\":600,\"retries\":0}}");
    store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aDelayedRunWaitsDelayedAndItsScheduleStartsItOnTimeWithNobodyReading() throws Exception {
    // Far enough ahead that the first invocation (a cold SDK on a loaded machine) comes before it.
    Instant startAt = Instant.now().plusSeconds(6);

    JsonNode run = run(startAt, null).path("run");

    assertEquals("DELAYED", run.path("status").asText(), run.toString());
    assertEquals(startAt.toString(), run.path("startAt").asText());
    assertTrue(fixture.aws.ecs().tasks().isEmpty(), "no task before its time");
    String runId = run.path("runId").asText();
    JsonNode schedule = fixture.aws.scheduler().schedules().values().iterator().next();
    assertTrue(schedule.path("ScheduleExpression").asText().startsWith("at("), schedule.toString());
    assertTrue(schedule.path("Target").path("Input").asText().contains(runId));

    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);

    Instant fired = fixture.aws.scheduler().fired().values().iterator().next();
    assertFalse(fired.isBefore(startAt), "fired at " + fired + ", before " + startAt);
    waitFor(() -> store.load(runId).orElseThrow().taskArn() != null); // the fire recorded it
    JsonNode read = get(runId);
    assertFalse("DELAYED".equals(read.path("status").asText()), read.toString());
    assertEquals(startAt.toString(), read.path("startAt").asText(), "the start time is kept");
  }

  @Test
  void aDelayedRunWhoseRecordWriteAnswerIsLostStillGetsItsSchedule() throws Exception {
    fixture.aws.loseNextAnswer("PUT", "/run.json", new InjectedFault("s3", 500, "InternalError"));

    JsonNode run = run(Instant.now().plusSeconds(3600), null).path("run");

    assertEquals("DELAYED", run.path("status").asText(), run.toString());
    String runId = run.path("runId").asText();
    assertTrue(
        fixture.aws.requests("s3").stream()
                .filter(r -> r.method().equals("PUT") && r.path().contains(runId + "/run.json"))
                .count()
            >= 2,
        "the record's PUT was retried");
    assertEquals(1, fixture.aws.scheduler().schedules().size(), "its one-time start schedule");
    assertTrue(
        fixture
            .aws
            .scheduler()
            .schedules()
            .values()
            .iterator()
            .next()
            .path("Target")
            .path("Input")
            .asText()
            .contains(runId));
  }

  @Test
  void aReplayedOrLateFireOfADelayedRunStartsItOnce() throws Exception {
    String runId = run(Instant.now().plusSeconds(2), null).path("run").path("runId").asText();
    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);

    fixture.invoke(resume(runId));
    fixture.invoke(resume(runId));

    assertEquals(1, fixture.aws.ecs().tasks().size());
  }

  @Test
  void aCancelledDelayedRunEndsCancelledAndItsScheduleFiringStartsNothing() throws Exception {
    String runId = run(Instant.now().plusSeconds(4), null).path("run").path("runId").asText();

    JsonNode cancelled =
        fixture.invoke("{\"action\":\"cancel\",\"runId\":\"" + runId + "\"}").path("run");

    assertEquals("CANCELLED", cancelled.path("status").asText(), cancelled.toString());
    assertEquals(ErrorCode.CANCELLED.id(), cancelled.path("error").path("type").asText());
    waitFor(() -> !fixture.aws.scheduler().fired().isEmpty());
    fixture.invoke(resume(runId));
    assertTrue(fixture.aws.ecs().tasks().isEmpty(), "never started");
    assertEquals(RunStatus.CANCELLED, store.load(runId).orElseThrow().settledStatus());
  }

  @Test
  void aFireAfterTheTimeToLiveExpiresTheRunWhichNeverGetsATask() throws Exception {
    // The schedule fires at the whole second after the start time: later than its 1 ms to live.
    Instant startAt = Instant.now().plusMillis(3_200);
    JsonNode run = run(startAt, 1L).path("run");
    String runId = run.path("runId").asText();
    assertEquals(startAt.plusMillis(1).toString(), run.path("expiresAt").asText(), run.toString());

    waitFor(() -> store.load(runId).orElseThrow().settledStatus() != null);

    StoredRun stored = store.load(runId).orElseThrow();
    assertEquals(RunStatus.EXPIRED, stored.settledStatus());
    assertEquals(ErrorCode.EXPIRED.id(), stored.settledError().type());
    assertTrue(fixture.aws.ecs().tasks().isEmpty(), "an expired run never starts");
    fixture.invoke(resume(runId));
    assertEquals("EXPIRED", get(runId).path("status").asText());
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
    assertTrue(
        fixture.aws.s3().object(InvokerFixture.BUCKET, "overtime/runs/_active/" + runId).isEmpty(),
        "an expired run leaves the sweep's list");
  }

  @Test
  void theSweepExpiresADelayedRunWhoseScheduleWasLost() throws Exception {
    Instant startAt = Instant.now().plusSeconds(4);
    JsonNode run = run(startAt, 1L).path("run");
    // The schedule is lost: nothing fires.
    fixture.aws.scheduler().close();
    assertEquals("DELAYED", run.path("status").asText(), run.toString());
    String runId = run.path("runId").asText();
    waitFor(() -> Instant.now().isAfter(startAt.plusMillis(5)));

    JsonNode swept = fixture.invoke("{\"action\":\"sweep\"}");

    assertEquals(1, swept.path("looked-at").asInt(), swept.toString());
    assertEquals(RunStatus.EXPIRED, store.load(runId).orElseThrow().settledStatus());
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  @Test
  void aRunWithATimeToLiveThatStartsInTimeIsNeverExpiredLater() throws Exception {
    String runId =
        fixture
            .invoke(
                "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"timeToLiveMillis\":60000}")
            .path("run")
            .path("runId")
            .asText();
    assertEquals(1, fixture.aws.ecs().tasks().size());
    assertTrue(store.load(runId).orElseThrow().startCommitted(), "committed before its RunTask");
    JsonNode read = get(runId);
    assertFalse("EXPIRED".equals(read.path("status").asText()), read.toString());
  }

  @Test
  void aBadStartTimeOrTimeToLiveIsRefusedNamingTheField() throws Exception {
    JsonNode badStart =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"startAt\":\"tomorrow\"}");
    assertEquals("overtime.bad-request", badStart.path("error").path("code").asText());
    assertTrue(badStart.path("error").path("message").asText().contains("'startAt'"));
    JsonNode badTtl =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"timeToLiveMillis\":-5}");
    assertTrue(
        badTtl.path("error").path("message").asText().contains("'timeToLiveMillis'"),
        badTtl.toString());
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  private JsonNode run(Instant startAt, Long ttlMillis) throws Exception {
    return fixture.invoke(
        "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"startAt\":\""
            + startAt
            + "\""
            + (ttlMillis == null ? "" : ",\"timeToLiveMillis\":" + ttlMillis)
            + "}");
  }

  private JsonNode get(String runId) throws Exception {
    return fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
  }

  private static String resume(String runId) {
    return "{\"action\":\"resume\",\"runId\":\"" + runId + "\",\"attempt\":1}";
  }
}
