package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code reschedule} on the invoker, against the emulator: a delayed run that has not started
 * moves, and so does its one-time schedule, which then starts it at the new time and not the old; a
 * time that has come starts it at once; a run that started, ended or was never delayed is refused,
 * naming why, and nothing changes.
 */
class InvokerRescheduleTest {
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
  void aDelayedRunMovedEarlierIsStartedAtItsNewTimeByItsMovedSchedule() throws Exception {
    String runId = delayed(Instant.now().plus(1, ChronoUnit.HOURS), null);
    // Far enough ahead that the reschedule (a cold SDK on a loaded machine) comes before it.
    Instant soon = Instant.now().plusSeconds(5);

    JsonNode moved = reschedule(runId, soon);

    assertEquals("DELAYED", moved.path("run").path("status").asText(), moved.toString());
    assertEquals(soon.toString(), moved.path("run").path("startAt").asText());
    JsonNode schedule = onlySchedule();
    assertEquals(
        "at("
            + soon.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString().replace("Z", "")
            + ")",
        schedule.path("ScheduleExpression").asText(),
        "the same schedule, moved");
    assertTrue(fixture.aws.ecs().tasks().isEmpty());

    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);

    Instant fired = fixture.aws.scheduler().fired().values().iterator().next();
    assertFalse(fired.isBefore(soon), "fired at " + fired + ", before " + soon);
    waitFor(() -> store.load(runId).orElseThrow().taskArn() != null);
    assertEquals(
        soon.toString(), get(runId).path("startAt").asText(), "the new start time is kept");
    assertTrue(store.load(runId).orElseThrow().startCommitted(), "committed before its RunTask");
  }

  @Test
  void aDelayedRunMovedLaterIsNotStartedAtItsOldTime() throws Exception {
    Instant old = Instant.now().plusSeconds(4);
    String runId = delayed(old, null);
    Instant later = Instant.now().plus(2, ChronoUnit.HOURS);

    JsonNode moved = reschedule(runId, later);

    assertEquals("DELAYED", moved.path("run").path("status").asText(), moved.toString());
    // Past the old time's whole second: its schedule would have fired by then.
    waitFor(() -> Instant.now().isAfter(old.truncatedTo(ChronoUnit.SECONDS).plusMillis(2_500)));
    assertTrue(fixture.aws.scheduler().fired().isEmpty(), "the old time does not fire");
    assertTrue(fixture.aws.ecs().tasks().isEmpty(), "not started at its old time");
    assertEquals("DELAYED", get(runId).path("status").asText());
    assertTrue(
        onlySchedule()
            .path("ScheduleExpression")
            .asText()
            .startsWith("at(" + later.toString().substring(0, 13)),
        onlySchedule().toString());
    // A late fire of the old schedule (the scheduler's retry) starts nothing either.
    fixture.invoke("{\"action\":\"resume\",\"runId\":\"" + runId + "\",\"attempt\":1}");
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  @Test
  void aTimeThatHasComeStartsTheRunAtOnceAndDropsItsSchedule() throws Exception {
    String runId = delayed(Instant.now().plus(1, ChronoUnit.HOURS), null);
    assertEquals(1, fixture.aws.scheduler().schedules().size());

    JsonNode moved = reschedule(runId, Instant.now().minusSeconds(30));

    assertEquals("QUEUED", moved.path("run").path("status").asText(), moved.toString());
    assertEquals(1, fixture.aws.ecs().tasks().size(), "started in the reschedule");
    assertTrue(fixture.aws.scheduler().schedules().isEmpty(), "its schedule is deleted");
    assertTrue(store.load(runId).orElseThrow().startCommitted());
  }

  @Test
  void theTimeToLiveCountsAgainFromTheNewStartTime() throws Exception {
    Instant startAt = Instant.now().plus(1, ChronoUnit.HOURS);
    String runId = delayed(startAt, 60_000L);
    Instant later = startAt.plus(1, ChronoUnit.HOURS);

    JsonNode moved = reschedule(runId, later).path("run");

    assertEquals(later.toString(), moved.path("startAt").asText(), moved.toString());
    assertEquals(later.plusSeconds(60).toString(), moved.path("expiresAt").asText());
    StoredRun stored = store.load(runId).orElseThrow();
    assertEquals(later, stored.startAfter());
    assertEquals(later.plusSeconds(600), stored.deadline(), "the deadline counts from then too");
  }

  @Test
  void aRunThatStartedEndedOrWasNeverDelayedIsRefusedNamingWhyAndNothingChanges() throws Exception {
    String plain =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    assertRefused(plain, "it was not delayed");

    String started = delayed(Instant.now().plus(1, ChronoUnit.HOURS), null);
    reschedule(started, Instant.now());
    assertRefused(started, "it has started");

    String cancelled = delayed(Instant.now().plus(1, ChronoUnit.HOURS), null);
    fixture.invoke("{\"action\":\"cancel\",\"runId\":\"" + cancelled + "\"}");
    assertRefused(cancelled, "it ended CANCELLED");
    assertEquals("CANCELLED", get(cancelled).path("status").asText());

    assertEquals(2, fixture.aws.ecs().tasks().size(), "the plain run and the started one");
    JsonNode unknown = reschedule("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", Instant.now());
    assertEquals("overtime.unknown-run", unknown.path("error").path("code").asText());
    JsonNode otherJob =
        fixture.invoke(
            "{\"action\":\"reschedule\",\"job\":\"other\",\"runId\":\""
                + cancelled
                + "\",\"startAt\":\""
                + Instant.now()
                + "\"}");
    assertEquals("overtime.unknown-run", otherJob.path("error").path("code").asText());
  }

  private void assertRefused(String runId, String why) throws Exception {
    StoredRun before = store.load(runId).orElseThrow();
    JsonNode refused = reschedule(runId, Instant.now().plus(3, ChronoUnit.HOURS));
    assertEquals(
        "overtime.not-reschedulable",
        refused.path("error").path("code").asText(),
        refused.toString());
    String message = refused.path("error").path("message").asText();
    assertTrue(message.contains("Run " + runId + " of job 'echo' cannot be rescheduled"), message);
    assertTrue(message.contains(why), message);
    assertTrue(message.contains("Start a new run instead"), message);
    assertEquals(before.startAt(), store.load(runId).orElseThrow().startAt(), "unchanged");
  }

  private String delayed(Instant startAt, Long ttlMillis) throws Exception {
    JsonNode run =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"startAt\":\""
                + startAt
                + "\""
                + (ttlMillis == null ? "" : ",\"timeToLiveMillis\":" + ttlMillis)
                + "}");
    assertEquals("DELAYED", run.path("run").path("status").asText(), run.toString());
    return run.path("run").path("runId").asText();
  }

  private JsonNode reschedule(String runId, Instant startAt) throws Exception {
    return fixture.invoke(
        "{\"action\":\"reschedule\",\"runId\":\"" + runId + "\",\"startAt\":\"" + startAt + "\"}");
  }

  private JsonNode get(String runId) throws Exception {
    return fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
  }

  private JsonNode onlySchedule() {
    assertEquals(
        1,
        fixture.aws.scheduler().schedules().size(),
        fixture.aws.scheduler().schedules().toString());
    return fixture.aws.scheduler().schedules().values().iterator().next();
  }
}
