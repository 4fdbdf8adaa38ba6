package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.ScheduledFire;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the invoker receives besides the client's {@link InvokerRequest}s: events that supervise
 * runs without a reader, and the fires of {@code @Schedule}s. The stack (see {@link
 * InvokerEnvironment}) delivers four kinds:
 *
 * <pre>{@code
 * {"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"clusterArn":"…",
 *   "taskArn":"…","lastStatus":"STOPPED","startedBy":"01J…","stopCode":"EssentialContainerExited",
 *   "containers":[{"name":"job","exitCode":0}], …}, …}     an EventBridge rule, STOPPED tasks
 * {"action":"sweep"}                                      a periodic rule
 * {"action":"resume","runId":"01J…","attempt":2}          a one-time schedule, when a backoff ends
 * {"action":"fire","schedule":"factorial#0","scheduledTime":"2026-12-02T01:30:00Z",
 *   "payload":{"num":20}}                                 a recurring schedule of the stack
 * }</pre>
 *
 * <p>EventBridge delivers at least once, and may deliver late, out of order or twice (EventBridge
 * User Guide, "Amazon EventBridge events":
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html), so every event is only
 * a reason to look at a run again: the invoker decides from its run record, ECS and the bucket,
 * never from the event alone.
 */
public sealed interface InvokerEvent {

  /**
   * An "ECS Task State Change" event (ECS Developer Guide, "Amazon ECS task state change events":
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html).
   *
   * @param clusterArn the task's cluster
   * @param taskArn the task
   * @param lastStatus its status when the event was sent (the rule sends STOPPED only)
   * @param startedBy the task's {@code startedBy}: the run id for tasks the invoker started
   * @param stopCode ECS's stop code, or null
   * @param stoppedReason why it stopped, or null
   * @param startedAt when it started running, or null
   * @param stoppedAt when it stopped, or null
   * @param exitCodes the exit code of each container that has one, by container name
   */
  record TaskStateChange(
      String clusterArn,
      String taskArn,
      String lastStatus,
      String startedBy,
      String stopCode,
      String stoppedReason,
      Instant startedAt,
      Instant stoppedAt,
      Map<String, Integer> exitCodes)
      implements InvokerEvent {
    public TaskStateChange {
      exitCodes = Map.copyOf(exitCodes);
    }

    /** Whether the task is in the cluster named {@code cluster} (a name or an ARN). */
    public boolean inCluster(String cluster) {
      return clusterArn != null
          && (clusterArn.equals(cluster) || clusterArn.endsWith(":cluster/" + cluster));
    }
  }

  /** Look at the runs that have not settled, a bounded number per invocation. */
  record Sweep() implements InvokerEvent {}

  /**
   * A retry's backoff has ended: start the run's pending attempt.
   *
   * @param runId the run
   * @param attempt the attempt that is due
   */
  record Resume(String runId, int attempt) implements InvokerEvent {}

  /**
   * A fire of one of the stack's recurring schedules (one per {@code @Schedule}, rendered by {@code
   * overtime deploy}): start the run of this fire, once, whoever delivers it how often.
   *
   * @param fire the schedule ({@code <job>#<index>}) and the instant it fires for, whose {@link
   *     ScheduledFire#idempotencyKey()} is the run's idempotency key
   * @param payload the schedule's payload, a JSON object
   */
  record Fire(ScheduledFire fire, JsonNode payload) implements InvokerEvent {}

  /**
   * The context attribute EventBridge Scheduler replaces with the time a schedule fires for, e.g.
   * {@code 2022-03-22T18:59:43Z} (EventBridge Scheduler User Guide, "Adding context attributes":
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
   */
  String SCHEDULED_TIME_ATTRIBUTE = "<aws.scheduler.scheduled-time>";

  /** The {@code detail-type} of ECS task state change events. */
  String TASK_STATE_CHANGE = "ECS Task State Change";

  /** The {@code {"action":"sweep"}} input of the periodic rule. */
  static byte[] sweepJson() {
    return "{\"action\":\"sweep\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The input of the one-time schedule that resumes {@code runId} at {@code attempt}. */
  static String resumeJson(String runId, int attempt) {
    return JsonCodec.shared()
        .encode(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("action", "resume")
                .put("runId", runId)
                .put("attempt", attempt));
  }

  /**
   * The input of the recurring schedule that fires {@code schedule} with {@code payload}: its
   * {@code scheduledTime} is {@link #SCHEDULED_TIME_ATTRIBUTE}, which the scheduler replaces.
   */
  static String fireJson(String schedule, JsonNode payload) {
    ObjectNode fire =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("action", "fire")
            .put("schedule", schedule)
            .put("scheduledTime", SCHEDULED_TIME_ATTRIBUTE);
    fire.set("payload", payload);
    return JsonCodec.shared().encode(fire);
  }

  /**
   * The event in {@code json}, or empty when it is not one (then it is a client request).
   *
   * @throws InvokerProtocolException with {@link InvokerErrorCode#BAD_REQUEST} when it is an event
   *     with a missing or malformed field
   */
  static Optional<InvokerEvent> recognize(byte[] json) {
    JsonNode root;
    try {
      root = JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      return Optional.empty(); // not JSON: the request parser says so
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    if (root.has("detail-type")) {
      if (!TASK_STATE_CHANGE.equals(root.path("detail-type").asText())
          || !"aws.ecs".equals(root.path("source").asText())) {
        throw bad(
            "the invoker handles EventBridge events of source aws.ecs and detail-type '"
                + TASK_STATE_CHANGE
                + "' only, got "
                + root.path("source").asText()
                + " / "
                + root.path("detail-type").asText());
      }
      return Optional.of(taskStateChange(root.path("detail")));
    }
    String action = root.path("action").asText("");
    switch (action) {
      case "sweep" -> {
        return Optional.of(new Sweep());
      }
      case "resume" -> {
        JsonNode runId = root.path("runId");
        JsonNode attempt = root.path("attempt");
        if (!runId.isTextual() || !attempt.canConvertToInt() || attempt.asInt() < 1) {
          throw bad(
              "a resume event needs 'runId' (text) and 'attempt' (a whole number from 1), got "
                  + root);
        }
        return Optional.of(new Resume(runId.asText(), attempt.asInt()));
      }
      case "fire" -> {
        return Optional.of(fire(root));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Fire fire(JsonNode root) {
    Set<String> unknown = new TreeSet<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!Set.of("action", "schedule", "scheduledTime", "payload").contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      throw bad(
          "a fire event takes only 'action', 'schedule', 'scheduledTime' and 'payload', not "
              + unknown);
    }
    JsonNode schedule = root.path("schedule");
    if (!schedule.isTextual()) {
      throw bad(
          "a fire event needs 'schedule', the schedule's id <job>#<index> as text, e.g."
              + " \"factorial#0\"");
    }
    JsonNode time = root.path("scheduledTime");
    if (!time.isTextual()) {
      throw bad(
          "a fire event needs 'scheduledTime', the instant it fires for (EventBridge Scheduler"
              + " fills it from "
              + SCHEDULED_TIME_ATTRIBUTE
              + ")");
    }
    if (time.asText().equals(SCHEDULED_TIME_ATTRIBUTE)) {
      throw bad(
          "field 'scheduledTime' is still "
              + SCHEDULED_TIME_ATTRIBUTE
              + ": only EventBridge Scheduler replaces it; to fire by hand, give the instant, e.g."
              + " \"2026-12-02T01:30:00Z\"");
    }
    Instant fireTime;
    try {
      fireTime = Instant.parse(time.asText());
    } catch (DateTimeParseException e) {
      throw bad(
          "field 'scheduledTime' must be an ISO-8601 UTC instant such as"
              + " \"2026-12-02T01:30:00Z\", was '"
              + time.asText()
              + "'");
    }
    ScheduledFire fire;
    try {
      fire = new ScheduledFire(schedule.asText(), fireTime);
    } catch (IllegalArgumentException e) {
      throw bad("field 'schedule': " + e.getMessage());
    }
    JsonNode payload = root.get("payload");
    if (payload == null || !payload.isObject()) {
      throw bad(
          "field 'payload' of the fire of "
              + fire.schedule()
              + " must be the schedule's payload, a JSON object such as {\"num\":20}, was "
              + (payload == null
                  ? "missing"
                  : payload.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return new Fire(fire, payload);
  }

  private static TaskStateChange taskStateChange(JsonNode detail) {
    String taskArn = detail.path("taskArn").asText(null);
    if (taskArn == null || taskArn.isBlank()) {
      throw bad("an ECS Task State Change event without detail.taskArn");
    }
    Map<String, Integer> exitCodes = new LinkedHashMap<>();
    for (JsonNode container : detail.path("containers")) {
      if (container.path("exitCode").canConvertToInt()) {
        exitCodes.put(container.path("name").asText(), container.path("exitCode").asInt());
      }
    }
    return new TaskStateChange(
        detail.path("clusterArn").asText(null),
        taskArn,
        detail.path("lastStatus").asText(null),
        detail.path("startedBy").asText(null),
        detail.path("stopCode").asText(null),
        detail.path("stoppedReason").asText(null),
        instant(detail, "startedAt"),
        instant(detail, "stoppedAt"),
        exitCodes);
  }

  private static Instant instant(JsonNode detail, String field) {
    JsonNode value = detail.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw bad("detail." + field + " of an ECS event is not an ISO-8601 instant: " + value);
    }
  }

  private static InvokerProtocolException bad(String message) {
    return new InvokerProtocolException(InvokerErrorCode.BAD_REQUEST, message);
  }
}
