package dev.overtime.aws.invoker.emulator;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge Scheduler's {@code CreateSchedule} ({@code POST /schedules/<name>}), {@code
 * UpdateSchedule} ({@code PUT}) and {@code DeleteSchedule} ({@code DELETE
 * /schedules/<name>?groupName=…}), REST JSON, for schedules that invoke a function of the {@link
 * EmulatedLambda}, checked as the API reference says
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html,
 * API_UpdateSchedule.html, API_DeleteSchedule.html): {@code ScheduleExpression}, {@code
 * FlexibleTimeWindow} and {@code Target} (with {@code Arn} and {@code RoleArn}) are required; a
 * name taken in the group is {@code ConflictException} (409); updating or deleting a schedule that
 * does not exist is {@code ResourceNotFoundException} (404); an update replaces the whole schedule.
 *
 * <p>An {@code at(yyyy-mm-ddThh:mm:ss)} expression fires once at that time in {@code
 * ScheduleExpressionTimezone} (default UTC) and, with {@code ActionAfterCompletion: DELETE}, the
 * schedule is deleted after. A {@code cron(minutes hours day-of-month month day-of-week year)}
 * expression is checked as AWS documents it (six fields, {@code ?} in exactly one of the day
 * fields, no step in the day of week;
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based) and
 * evaluated in its zone with cron-utils' Quartz definition (the same fields after a seconds field);
 * it fires when a test says so ({@link #fireNext}), for the time the expression gives, so that no
 * test waits for a wall-clock minute. The target is invoked asynchronously, with the schedule's
 * {@code Input} as the event, its context attributes ({@code <aws.scheduler.scheduled-time>} and
 * the others) replaced as the service does
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 */
public final class EmulatedScheduler implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/schedules/";
  private static final DateTimeFormatter SCHEDULED_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final EmulatedLambda lambda;
  private final Map<String, JsonNode> schedules = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
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

  /** The schedules that fired, by group/name: when they last did. */
  public Map<String, Instant> fired() {
    return Map.copyOf(fired);
  }

  /**
   * Fires the recurring schedule {@code groupAndName} for its next scheduled time after {@code
   * after}, as the service would when that time comes: the target is invoked asynchronously with
   * the schedule's input, {@code <aws.scheduler.scheduled-time>} replaced by that time.
   *
   * @return the scheduled time
   * @throws IllegalStateException when there is no such enabled cron schedule, or it never fires
   *     again
   */
  public Instant fireNext(String groupAndName, Instant after) {
    JsonNode body = schedules.get(groupAndName);
    if (body == null || !body.path("ScheduleExpression").asText().startsWith("cron(")) {
      throw new IllegalStateException(
          "no cron schedule " + groupAndName + "; the schedules are " + schedules.keySet());
    }
    if (body.path("State").asText("ENABLED").equals("DISABLED")) {
      throw new IllegalStateException(groupAndName + " is DISABLED: it does not fire");
    }
    String expression = body.path("ScheduleExpression").asText();
    ZoneId zone = ZoneId.of(body.path("ScheduleExpressionTimezone").asText("UTC"));
    Instant scheduledTime =
        quartz(expression)
            .nextExecution(after.atZone(zone))
            .orElseThrow(() -> new IllegalStateException(expression + " never fires again"))
            .toInstant();
    deliver(groupAndName, body, scheduledTime);
    return scheduledTime;
  }

  EmulatedResponse handle(RecordedRequest request) throws IOException {
    String path = request.path();
    int query = path.indexOf('?');
    String name = path.substring(PREFIX.length(), query < 0 ? path.length() : query);
    if (name.length() > 64 || !name.matches("[0-9a-zA-Z-_.]+")) {
      return error(400, "ValidationException", "Name must match [0-9a-zA-Z-_.]+, 1 to 64 long");
    }
    switch (request.method()) {
      case "POST", "PUT" -> {
        return put(name, JSON.readTree(request.body()), request.method().equals("POST"));
      }
      case "DELETE" -> {
        String id = queryParameter(path, "groupName", "default") + "/" + name;
        if (schedules.remove(id) == null) {
          return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        ScheduledFuture<?> pending = timers.remove(id);
        if (pending != null) {
          pending.cancel(false);
        }
        return EmulatedResponse.json(200, "{}");
      }
      default -> {
        return error(
            400, "ValidationException", request.method() + " " + path + " is not emulated");
      }
    }
  }

  /** CreateSchedule ({@code create}) or UpdateSchedule. */
  private EmulatedResponse put(String name, JsonNode body, boolean create) {
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
    String expression = body.path("ScheduleExpression").asText();
    ZoneId zone;
    try {
      zone = ZoneId.of(body.path("ScheduleExpressionTimezone").asText("UTC"));
    } catch (java.time.DateTimeException e) {
      return error(400, "ValidationException", "Invalid ScheduleExpressionTimezone");
    }
    Instant at = null;
    if (expression.startsWith("at(") && expression.endsWith(")")) {
      try {
        at =
            LocalDateTime.parse(expression.substring(3, expression.length() - 1))
                .atZone(zone)
                .toInstant();
      } catch (DateTimeParseException e) {
        return error(400, "ValidationException", "Invalid Schedule Expression " + expression);
      }
    } else if (expression.startsWith("cron(") && expression.endsWith(")")) {
      String problem = cronProblem(expression);
      if (problem != null) {
        return error(
            400,
            "ValidationException",
            "Invalid Schedule Expression " + expression + ": " + problem);
      }
    } else {
      return error(
          400,
          "ValidationException",
          "only at(…) and cron(…) schedules are emulated: " + expression);
    }
    String id = group + "/" + name;
    if (create) {
      if (schedules.putIfAbsent(id, body) != null) {
        return error(409, "ConflictException", "Schedule " + name + " already exists.");
      }
    } else if (schedules.replace(id, body) == null) {
      return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
    }
    ScheduledFuture<?> previous = timers.remove(id);
    if (previous != null) {
      previous.cancel(false);
    }
    if (at != null) {
      Instant when = at;
      long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
      timers.put(
          id,
          timer.schedule(
              () -> {
                timers.remove(id);
                deliver(id, body, when);
                if ("DELETE".equals(body.path("ActionAfterCompletion").asText("NONE"))) {
                  schedules.remove(id, body);
                }
              },
              delay,
              TimeUnit.MILLISECONDS));
    }
    return EmulatedResponse.json(
        200,
        JSON.createObjectNode()
            .put(
                "ScheduleArn",
                "arn:aws:scheduler:us-east-1:000000000000:schedule/" + group + "/" + name)
            .toString());
  }

  /** One invocation of the schedule's target for {@code scheduledTime}. */
  private void deliver(String id, JsonNode body, Instant scheduledTime) {
    fired.put(id, Instant.now());
    String input =
        body.path("Target")
            .path("Input")
            .asText("{}")
            .replace(
                "<aws.scheduler.scheduled-time>",
                SCHEDULED_TIME.format(scheduledTime.truncatedTo(ChronoUnit.SECONDS)))
            .replace(
                "<aws.scheduler.schedule-arn>",
                "arn:aws:scheduler:us-east-1:000000000000:schedule/" + id)
            .replace("<aws.scheduler.execution-id>", UUID.randomUUID().toString())
            .replace("<aws.scheduler.attempt-number>", "1");
    lambda.invokeAsync(
        body.path("Target").path("Arn").asText(), input.getBytes(StandardCharsets.UTF_8));
  }

  /** Why a {@code cron(...)} expression is not one AWS accepts, or null. */
  private static String cronProblem(String expression) {
    String[] fields = expression.substring(5, expression.length() - 1).trim().split("\\s+");
    if (fields.length != 6) {
      return "a cron expression has six fields, minutes hours day-of-month month day-of-week year";
    }
    if (fields[2].equals("?") == fields[4].equals("?")) {
      return "exactly one of day-of-month and day-of-week must be ?";
    }
    if (fields[4].contains("/")) {
      return "the day-of-week field takes no /";
    }
    if (!fields[4].matches("[0-7A-Z,\\-*?L#]+")) {
      return "the day-of-week field is 1-7 or SUN-SAT";
    }
    try {
      quartz(expression);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  private static ExecutionTime quartz(String expression) {
    return ExecutionTime.forCron(
        Quartz.PARSER
            .parse("0 " + expression.substring(5, expression.length() - 1).trim())
            .validate());
  }

  /** Loaded with the first cron schedule, so users of one-time schedules need no cron-utils. */
  private static final class Quartz {
    static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  }

  private static String queryParameter(String path, String name, String otherwise) {
    int query = path.indexOf('?');
    if (query < 0) {
      return otherwise;
    }
    for (String pair : path.substring(query + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return otherwise;
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
