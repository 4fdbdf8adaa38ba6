package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the invoker receives besides the client's {@link InvokerRequest}s: events that supervise
 * runs without a reader. The stack (see {@link InvokerEnvironment}) delivers three kinds:
 *
 * <pre>{@code
 * {"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"clusterArn":"…",
 *   "taskArn":"…","lastStatus":"STOPPED","startedBy":"01J…","stopCode":"EssentialContainerExited",
 *   "containers":[{"name":"job","exitCode":0}], …}, …}     an EventBridge rule, STOPPED tasks
 * {"action":"sweep"}                                      a periodic rule
 * {"action":"resume","runId":"01J…","attempt":2}          a one-time schedule, when a backoff ends
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
      default -> {
        return Optional.empty();
      }
    }
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
