package dev.overtime.aws.invoker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge Scheduler's {@code CreateSchedule} ({@code POST /schedules/<name>}, REST JSON) for
 * one-time schedules that invoke a function of the {@link EmulatedLambda}, checked as the API
 * reference says
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html): {@code
 * ScheduleExpression}, {@code FlexibleTimeWindow} and {@code Target} (with {@code Arn} and {@code
 * RoleArn}) are required; a name taken in the group is {@code ConflictException} (409); an {@code
 * at(yyyy-mm-ddThh:mm:ss)} expression fires once at that time in {@code ScheduleExpressionTimezone}
 * (default UTC) and, with {@code ActionAfterCompletion: DELETE}, the schedule is deleted after. The
 * target is invoked asynchronously, with the schedule's {@code Input} as the event.
 */
public final class EmulatedScheduler implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/schedules/";

  private final EmulatedLambda lambda;
  private final Map<String, JsonNode> schedules = new ConcurrentHashMap<>();
  private final Map<String, Instant> fired = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread thread = new Thread(r, "emulated-scheduler");
            thread.setDaemon(true);
            return thread;
          });

  EmulatedScheduler(EmulatedLambda lambda) {
    this.lambda = lambda;
  }

  static boolean serves(String path) {
    return path.startsWith(PREFIX);
  }

  /** The schedules that exist now (not yet fired, or kept after firing), by group/name. */
  public Map<String, JsonNode> schedules() {
    return Map.copyOf(schedules);
  }

  /** The schedules that fired, by group/name. */
  public Map<String, Instant> fired() {
    return Map.copyOf(fired);
  }

  EmulatedResponse handle(RecordedRequest request) throws IOException {
    String path = request.path();
    int query = path.indexOf('?');
    String name = path.substring(PREFIX.length(), query < 0 ? path.length() : query);
    if (!request.method().equals("POST")) {
      return error(400, "ValidationException", request.method() + " " + path + " is not emulated");
    }
    JsonNode body = JSON.readTree(request.body());
    String group = body.path("GroupName").asText("default");
    for (String required : new String[] {"ScheduleExpression", "FlexibleTimeWindow", "Target"}) {
      if (!body.has(required)) {
        return error(400, "ValidationException", required + " is required");
      }
    }
    JsonNode target = body.path("Target");
    if (!target.has("Arn") || !target.has("RoleArn")) {
      return error(400, "ValidationException", "Target.Arn and Target.RoleArn are required");
    }
    if (name.length() > 64 || !name.matches("[0-9a-zA-Z-_.]+")) {
      return error(400, "ValidationException", "Name must match [0-9a-zA-Z-_.]+, 1 to 64 long");
    }
    String expression = body.path("ScheduleExpression").asText();
    if (!expression.startsWith("at(") || !expression.endsWith(")")) {
      return error(400, "ValidationException", "only at(…) schedules are emulated: " + expression);
    }
    Instant at;
    try {
      at =
          LocalDateTime.parse(expression.substring(3, expression.length() - 1))
              .atZone(java.time.ZoneId.of(body.path("ScheduleExpressionTimezone").asText("UTC")))
              .toInstant();
    } catch (DateTimeParseException e) {
      return error(400, "ValidationException", "Invalid Schedule Expression " + expression);
    }
    String id = group + "/" + name;
    if (schedules.putIfAbsent(id, body) != null) {
      return error(409, "ConflictException", "Schedule " + name + " already exists.");
    }
    boolean delete = "DELETE".equals(body.path("ActionAfterCompletion").asText("NONE"));
    String function = target.path("Arn").asText();
    byte[] input = target.path("Input").asText("{}").getBytes(StandardCharsets.UTF_8);
    long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
    timer.schedule(
        () -> {
          fired.put(id, Instant.now());
          if (delete) {
            schedules.remove(id);
          }
          lambda.invokeAsync(function, input);
        },
        delay,
        TimeUnit.MILLISECONDS);
    return EmulatedResponse.json(
        200,
        JSON.createObjectNode()
            .put(
                "ScheduleArn",
                "arn:aws:scheduler:us-east-1:000000000000:schedule/" + group + "/" + name)
            .toString());
  }

  static EmulatedResponse error(int status, String type, String message) {
    return EmulatedResponse.of(
        status,
        JSON.createObjectNode().put("Message", message).toString().getBytes(StandardCharsets.UTF_8),
        Map.of("x-amzn-ErrorType", type, "Content-Type", "application/json"));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
