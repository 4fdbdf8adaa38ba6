package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.protocol.InvokerEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stack's recurring schedules on the invoker, against the emulator: the schedules {@code
 * overtime deploy} renders are created in the emulated EventBridge Scheduler, which fires them with
 * their input and scheduled time; each fire is one run with the schedule's payload, showing its
 * schedule and fire time, however often it is delivered; only the scheduler starts fires.
 */
class InvokerSchedulesTest {
  private InvokerFixture fixture;
  private RunStore store;
  private List<String> schedules;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\"report\":{\"timeoutSeconds\":600,\"retries\":0},"
                + "\"echo\":{\"timeoutSeconds\":600,\"retries\":0}}");
    store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
    schedules =
        DeployedSchedules.create(
            fixture.aws.schedulerClient(),
            List.of(
                DeployedSchedules.job(
                    "report",
                    List.of(
                        DeployedSchedules.schedule(
                            "report", 0, "30 2 * * *", "Europe/Berlin", "{\"days\": 1}"),
                        // The 13th or a Friday: two AWS schedules of one schedule id.
                        DeployedSchedules.schedule(
                            "report", 1, "0 12 13 * 5", "UTC", "{\"days\": 13}"))),
                DeployedSchedules.job("echo", List.of())));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theStacksSchedulesAreCreatedInTheirGroup() {
    assertEquals(
        List.of(
            "overtime-cron/report-0",
            "overtime-cron/report-1-day-of-month",
            "overtime-cron/report-1-day-of-week"),
        schedules);
    assertEquals(
        "cron(30 2 * * ? *)",
        fixture
            .aws
            .scheduler()
            .schedules()
            .get("overtime-cron/report-0")
            .path("ScheduleExpression")
            .asText());
  }

  @Test
  void aFireStartsARunWithTheSchedulesPayloadThatShowsItsScheduleAndFireTime() throws Exception {
    Instant scheduled =
        fixture
            .aws
            .scheduler()
            .fireNext("overtime-cron/report-0", Instant.parse("2024-12-01T12:00:00Z"));

    // 02:30 in Berlin in winter (UTC+1).
    assertEquals(Instant.parse("2024-12-02T01:30:00Z"), scheduled);
    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);
    EmulatedTask task = fixture.aws.ecs().tasks().values().iterator().next();
    assertEquals("{\"days\":1}", task.environment().get("OVERTIME_PAYLOAD"));
    assertEquals("report", task.environment().get("OVERTIME_JOB"));
    String runId = task.environment().get("OVERTIME_RUN_ID");
    waitFor(() -> store.load(runId).orElseThrow().taskArn() != null);

    JsonNode run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");

    assertEquals("report#0", run.path("schedule").asText(), run.toString());
    assertEquals("2024-12-02T01:30:00Z", run.path("scheduledFor").asText(), run.toString());
    assertEquals(
        "schedule:report#0@2024-12-02T01:30:00Z", store.load(runId).orElseThrow().idempotencyKey());
  }

  @Test
  void aFireDeliveredAgainIsTheSameRunNeverASecond() throws Exception {
    fixture
        .aws
        .scheduler()
        .fireNext("overtime-cron/report-0", Instant.parse("2024-12-01T12:00:00Z"));
    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);
    String runId =
        fixture.aws.ecs().tasks().values().iterator().next().environment().get("OVERTIME_RUN_ID");
    String delivered = fire("report#0", "2024-12-02T01:30:00Z", "{\"days\":1}");

    // Lambda's retry of the asynchronous invocation, or the scheduler's: the same input again.
    JsonNode again = fixture.invoke(delivered);
    JsonNode andAgain = fixture.invoke(delivered);

    assertEquals(runId, again.path("runId").asText(), again.toString());
    assertEquals(runId, andAgain.path("runId").asText(), andAgain.toString());
    assertEquals("fire", again.path("event").asText());
    assertEquals(1, fixture.aws.ecs().tasks().size(), "one task for one fire");
    // The next day's fire is a run of its own.
    JsonNode nextDay = fixture.invoke(fire("report#0", "2024-12-03T01:30:00Z", "{\"days\":1}"));
    assertTrue(!nextDay.path("runId").asText().equals(runId), nextDay.toString());
    assertEquals(2, fixture.aws.ecs().tasks().size());
  }

  @Test
  void onADayBothDayFieldsMatchTheTwoSchedulesOfOneExpressionStartOneRun() throws Exception {
    // Friday 13 December 2024: the day-of-month and the day-of-week schedule both fire at noon.
    Instant after = Instant.parse("2024-12-12T13:00:00Z");
    Instant byMonthDay =
        fixture.aws.scheduler().fireNext("overtime-cron/report-1-day-of-month", after);
    Instant byWeekDay =
        fixture.aws.scheduler().fireNext("overtime-cron/report-1-day-of-week", after);

    assertEquals(Instant.parse("2024-12-13T12:00:00Z"), byMonthDay);
    assertEquals(byMonthDay, byWeekDay);
    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);
    String runId =
        fixture.aws.ecs().tasks().values().iterator().next().environment().get("OVERTIME_RUN_ID");
    // Both deliveries are answered by now: a third finds the run they agreed on.
    waitFor(
        () -> {
          try {
            return runId.equals(
                fixture
                    .invoke(fire("report#1", "2024-12-13T12:00:00Z", "{\"days\":13}"))
                    .path("runId")
                    .asText());
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
    assertEquals(1, fixture.aws.ecs().tasks().size(), "one run for both schedules");
    // On a plain Friday only the day-of-week schedule fires.
    assertEquals(
        Instant.parse("2024-12-20T12:00:00Z"),
        fixture
            .aws
            .scheduler()
            .fireNext("overtime-cron/report-1-day-of-week", Instant.parse("2024-12-13T12:00:00Z")));
    waitFor(() -> fixture.aws.ecs().tasks().size() == 2);
  }

  @Test
  void aFireOfAJobNotDeployedHereStartsNothingAndNamesTheDeployedJobs() throws Exception {
    JsonNode answer = fixture.invoke(fire("gone#0", "2024-12-02T01:30:00Z", "{}"));

    assertEquals(
        "overtime.unknown-job", answer.path("error").path("code").asText(), answer.toString());
    String message = answer.path("error").path("message").asText();
    assertTrue(message.contains("the fire of schedule gone#0 started nothing"), message);
    assertTrue(message.contains("[report, echo]") || message.contains("[echo, report]"), message);
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  @Test
  void aMalformedFireIsABadRequestThatStartsNothing() throws Exception {
    JsonNode badPayload =
        fixture.invoke(
            "{\"action\":\"fire\",\"schedule\":\"report#0\","
                + "\"scheduledTime\":\"2024-12-02T01:30:00Z\",\"payload\":\"days=1\"}");
    assertEquals("overtime.bad-request", badPayload.path("error").path("code").asText());
    assertTrue(
        badPayload.path("error").path("message").asText().contains("field 'payload'"),
        badPayload.toString());
    JsonNode unfilled =
        fixture.invoke(fire("report#0", InvokerEvent.SCHEDULED_TIME_ATTRIBUTE, "{}"));
    assertTrue(
        unfilled.path("error").path("message").asText().contains("only EventBridge Scheduler"),
        unfilled.toString());
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  @Test
  void aFireForATimeThatHasNotComeIsNotTheSchedulersAndStartsNothing() throws Exception {
    // It would take the key of a fire yet to come, which would then find this run.
    Instant tomorrow = Instant.now().plus(java.time.Duration.ofDays(1));

    JsonNode answer =
        fixture.invoke(
            fire(
                "report#0",
                tomorrow.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                "{\"days\":1}"));

    assertEquals(
        "overtime.bad-request", answer.path("error").path("code").asText(), answer.toString());
    assertTrue(
        answer.path("error").path("message").asText().contains("has not come"), answer.toString());
    assertTrue(fixture.aws.ecs().tasks().isEmpty());
  }

  @Test
  void aClientCannotForgeAFireWithItsKey() throws Exception {
    String key = "schedule:report#0@2024-12-02T01:30:00Z";

    JsonNode run =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"report\",\"payload\":{\"days\":99},"
                + "\"idempotencyKey\":\""
                + key
                + "\"}");
    JsonNode batch =
        fixture.invoke(
            "{\"action\":\"batch\",\"items\":[{\"job\":\"report\",\"payload\":{},"
                + "\"idempotencyKey\":\""
                + key
                + "\"}]}");

    for (JsonNode refused : List.of(run, batch)) {
      assertEquals("overtime.bad-request", refused.path("error").path("code").asText());
      assertTrue(
          refused.path("error").path("message").asText().contains("reserved for the fires"),
          refused.toString());
    }
    assertTrue(fixture.aws.ecs().tasks().isEmpty(), "nothing started");
    // The key was not taken: the real fire starts its run with the schedule's payload.
    fixture
        .aws
        .scheduler()
        .fireNext("overtime-cron/report-0", Instant.parse("2024-12-01T12:00:00Z"));
    waitFor(() -> fixture.aws.ecs().tasks().size() == 1);
    assertEquals(
        "{\"days\":1}",
        fixture.aws.ecs().tasks().values().iterator().next().environment().get("OVERTIME_PAYLOAD"));
  }

  /** The input of a schedule's target as EventBridge Scheduler delivers it. */
  private static String fire(String schedule, String scheduledTime, String payload) {
    return "{\"action\":\"fire\",\"schedule\":\""
        + schedule
        + "\",\"scheduledTime\":\""
        + scheduledTime
        + "\",\"payload\":"
        + payload
        + "}";
  }
}
