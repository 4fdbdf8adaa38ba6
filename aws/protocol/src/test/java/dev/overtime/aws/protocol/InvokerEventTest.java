package dev.overtime.aws.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvokerEventTest {

  /** An event in the shape of the ECS Developer Guide's "Amazon ECS task state change events". */
  private static final String STOPPED =
      "{\"version\":\"0\",\"id\":\"3317b2af-7005-947d-b652-f55e762e571a\",\"detail-type\":\"ECS"
          + " Task State Change\",\"source\":\"aws.ecs\","
          + "\"account\":\"111122223333\",\"time\":\"2026-12-01T10:00:05Z\",\"region\":\"eu-west-1\","
          + "\"resources\":[\"arn:aws:ecs:eu-west-1:111122223333:task/jobs/abc\"],"
          + "\"detail\":{\"clusterArn\":\"arn:aws:ecs:eu-west-1:111122223333:cluster/jobs\","
          + "\"taskArn\":\"arn:aws:ecs:eu-west-1:111122223333:task/jobs/abc\","
          + "\"lastStatus\":\"STOPPED\",\"desiredStatus\":\"STOPPED\","
          + "\"startedBy\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\",\"stopCode\":\"EssentialContainerExited\",\"stoppedReason\":\"Essential"
          + " container in task exited\","
          + "\"startedAt\":\"2026-12-01T09:59:00.123Z\",\"stoppedAt\":\"2026-12-01T10:00:04.5Z\","
          + "\"containers\":[{\"name\":\"job\",\"exitCode\":137,\"lastStatus\":\"STOPPED\"},"
          + "{\"name\":\"sidecar\",\"lastStatus\":\"STOPPED\"}],\"version\":4}}";

  @Test
  void aStoppedTaskEventIsReadWithItsRunIdAndExitCodes() {
    InvokerEvent.TaskStateChange change =
        (InvokerEvent.TaskStateChange) recognize(STOPPED).orElseThrow();
    assertEquals("arn:aws:ecs:eu-west-1:111122223333:task/jobs/abc", change.taskArn());
    assertEquals("STOPPED", change.lastStatus());
    assertEquals("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", change.startedBy());
    assertEquals(Map.of("job", 137), change.exitCodes());
    assertEquals(Instant.parse("2026-12-01T09:59:00.123Z"), change.startedAt());
    assertTrue(change.inCluster("jobs"));
    assertTrue(change.inCluster("arn:aws:ecs:eu-west-1:111122223333:cluster/jobs"));
    assertFalse(change.inCluster("other-jobs"));
  }

  @Test
  void sweepAndResumeAreEventsAndClientRequestsAreNot() {
    assertEquals(Optional.of(new InvokerEvent.Sweep()), recognize("{\"action\":\"sweep\"}"));
    assertEquals(
        Optional.of(new InvokerEvent.Resume("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", 2)),
        recognize(InvokerEvent.resumeJson("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", 2)));
    assertEquals(Optional.empty(), recognize("{\"action\":\"get\",\"runId\":\"x\"}"));
    assertEquals(Optional.empty(), recognize("{\"action\":"));
  }

  @Test
  void aMalformedEventIsABadRequestNamingTheField() {
    InvokerProtocolException noAttempt =
        assertThrows(
            InvokerProtocolException.class,
            () -> recognize("{\"action\":\"resume\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\"}"));
    assertEquals(InvokerErrorCode.BAD_REQUEST, noAttempt.code());
    assertTrue(noAttempt.getMessage().contains("'attempt'"), noAttempt.getMessage());
    InvokerProtocolException otherSource =
        assertThrows(
            InvokerProtocolException.class,
            () -> recognize("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}"));
    assertTrue(otherSource.getMessage().contains("aws.ecs"), otherSource.getMessage());
  }

  @Test
  void aFireIsItsScheduleAndScheduledTimeAsTheSchedulerFillsThemIn() {
    String input =
        InvokerEvent.fireJson(
            "factorial#0",
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("num", 20));
    assertEquals(
        "{\"action\":\"fire\",\"schedule\":\"factorial#0\","
            + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\",\"payload\":{\"num\":20}}",
        input);
    // What EventBridge Scheduler delivers: the context attribute replaced.
    String delivered = input.replace(InvokerEvent.SCHEDULED_TIME_ATTRIBUTE, "2026-12-02T01:30:00Z");

    InvokerEvent.Fire fire = (InvokerEvent.Fire) recognize(delivered).orElseThrow();

    assertEquals("factorial#0", fire.fire().schedule());
    assertEquals("factorial", fire.fire().job());
    assertEquals(Instant.parse("2026-12-02T01:30:00Z"), fire.fire().fireTime());
    assertEquals("schedule:factorial#0@2026-12-02T01:30:00Z", fire.fire().idempotencyKey());
    assertEquals("{\"num\":20}", fire.payload().toString());
  }

  @Test
  void aMalformedFireIsABadRequestNamingTheFieldAndTheFix() {
    String good =
        "{\"action\":\"fire\",\"schedule\":\"factorial#0\","
            + "\"scheduledTime\":\"2026-12-02T01:30:00Z\",\"payload\":{}}";
    Map<String, String> cases =
        Map.of(
            good.replace("factorial#0", "factorial"), "field 'schedule'",
            good.replace("\"factorial#0\"", "7"), "'schedule'",
            good.replace("2026-12-02T01:30:00Z", "<aws.scheduler.scheduled-time>"),
                "only EventBridge Scheduler replaces it",
            good.replace("2026-12-02T01:30:00Z", "yesterday"), "ISO-8601",
            good.replace(",\"payload\":{}", ""), "field 'payload'",
            good.replace("{}", "[1]"), "a JSON object",
            good.replace("{}", "{},\"extra\":1"), "[extra]");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      InvokerProtocolException e =
          assertThrows(InvokerProtocolException.class, () -> recognize(bad.getKey()), bad.getKey());
      assertEquals(InvokerErrorCode.BAD_REQUEST, e.code());
      assertTrue(e.getMessage().contains(bad.getValue()), bad.getKey() + ": " + e.getMessage());
    }
  }

  private static Optional<InvokerEvent> recognize(String json) {
    return InvokerEvent.recognize(json.getBytes(StandardCharsets.UTF_8));
  }
}
