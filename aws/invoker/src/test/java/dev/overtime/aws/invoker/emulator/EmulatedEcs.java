package dev.overtime.aws.invoker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ECS JSON 1.1 API ({@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>}) for
 * {@code RunTask}, {@code StopTask} and {@code DescribeTasks}, as strict as the documentation:
 *
 * <ul>
 *   <li>RunTask's results are eventually consistent: a new task is MISSING from DescribeTasks for
 *       {@link #visibilityDelay} (ECS API reference, RunTask:
 *       https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html), then
 *       PROVISIONING, PENDING and RUNNING ({@link EmulatedTask});
 *   <li>a client token replayed with the same parameters answers the same task, with other
 *       parameters {@code ConflictException}; tokens expire ({@link #clientTokenTtl}, 24 hours at
 *       most: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html);
 *   <li>container overrides are at most 8,192 characters of JSON (ECS API reference, TaskOverride:
 *       https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html);
 *   <li>a container that cannot be started stops its task with {@code TaskFailedToStart} and no
 *       exit code (ECS Developer Guide, "Amazon ECS stopped tasks errors":
 *       https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html);
 *   <li>DescribeTasks of a task ECS does not know answers a failure with reason {@code MISSING}.
 * </ul>
 *
 * A task's container is a local process started by the {@link TaskLauncher} with the environment of
 * the container overrides; {@code StopTask} sends it SIGTERM, then SIGKILL after the stop timeout,
 * as ECS does. Every stop is told to the {@link #onStopped} listeners (EventBridge).
 */
public final class EmulatedEcs implements AutoCloseable {
  private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** ECS's limit on the container overrides, in characters of JSON. */
  public static final int OVERRIDES_LIMIT = 8192;

  private final Map<String, EmulatedTask> tasks = new ConcurrentHashMap<>();
  private final Map<String, ClientToken> clientTokens = new ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<EmulatedTask>> stopListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ScheduledExecutorService killer =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "emulated-ecs");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, String> taskEnvironment;
  private volatile TaskLauncher launcher;
  private volatile Duration stopTimeout = Duration.ofSeconds(30);
  private volatile Duration visibilityDelay = Duration.ofMillis(300);
  private volatile Duration provisioning = Duration.ofMillis(100);
  private volatile Duration pending = Duration.ofMillis(100);
  private volatile Duration clientTokenTtl = Duration.ofHours(24);

  private record ClientToken(String parameters, String arn, Instant issuedAt) {}

  EmulatedEcs(Map<String, String> taskEnvironment) {
    this.taskEnvironment = taskEnvironment;
  }

  private volatile EmulatedLogs awslogs;
  private volatile String awslogsGroup;
  private volatile java.util.function.Function<String, String> awslogsStreamPrefix;

  /**
   * Sends each task's output to {@code logs} as the {@code awslogs} log driver does: group {@code
   * group}, stream {@code <prefix>/<container>/<task id>} (ECS Developer Guide, "Using the awslogs
   * log driver": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html),
   * the prefix being the task definition's {@code awslogs-stream-prefix}. The launcher must leave
   * the process's output to the emulator (not redirect it).
   */
  public void awslogs(
      EmulatedLogs logs, String group, java.util.function.Function<String, String> streamPrefix) {
    this.awslogsGroup = group;
    this.awslogsStreamPrefix = streamPrefix;
    this.awslogs = logs;
  }

  public void launcher(TaskLauncher launcher) {
    this.launcher = launcher;
  }

  public void stopTimeout(Duration timeout) {
    this.stopTimeout = timeout;
  }

  /** How long a new task is MISSING from DescribeTasks (default 300 ms). */
  public void visibilityDelay(Duration delay) {
    this.visibilityDelay = delay;
  }

  /** How long a new task is PROVISIONING and then PENDING before its container starts. */
  public void startup(Duration provisioning, Duration pending) {
    this.provisioning = provisioning;
    this.pending = pending;
  }

  /** How long a RunTask client token stays in use (default 24 hours). */
  public void clientTokenTtl(Duration ttl) {
    this.clientTokenTtl = ttl;
  }

  /** Tells {@code listener} about every task that stops (in a thread of the emulator). */
  public void onStopped(java.util.function.Consumer<EmulatedTask> listener) {
    stopListeners.add(listener);
  }

  /** The tasks started so far, by ARN. */
  public Map<String, EmulatedTask> tasks() {
    return Map.copyOf(tasks);
  }

  EmulatedResponse handle(RecordedRequest request) throws IOException {
    String target = request.header("x-amz-target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return error(400, "InvalidAction", "missing or unknown X-Amz-Target: " + target);
    }
    JsonNode body = JSON.readTree(request.body());
    return switch (target.substring(TARGET_PREFIX.length())) {
      case "RunTask" -> runTask(body);
      case "StopTask" -> stopTask(body);
      case "DescribeTasks" -> describeTasks(body);
      default -> error(400, "InvalidAction", target + " is not emulated");
    };
  }

  private synchronized EmulatedResponse runTask(JsonNode body) throws IOException {
    String taskDefinition = body.path("taskDefinition").asText();
    String cluster = body.path("cluster").asText();
    String token = body.path("clientToken").asText(null);
    if (taskDefinition.isEmpty() || cluster.isEmpty()) {
      return error(400, "InvalidParameterException", "taskDefinition and cluster are required");
    }
    String overrides = body.path("overrides").toString();
    if (overrides.length() > OVERRIDES_LIMIT) {
      return error(
          400,
          "InvalidParameterException",
          "Container Overrides length must be at most " + OVERRIDES_LIMIT);
    }
    ObjectNode parameters = ((ObjectNode) body).deepCopy();
    parameters.remove("clientToken");
    String fingerprint = parameters.toString();
    if (token != null) {
      ClientToken used = clientTokens.get(cluster + "/" + token);
      if (used != null && used.issuedAt().plus(clientTokenTtl).isAfter(Instant.now())) {
        if (!used.parameters().equals(fingerprint)) {
          ObjectNode conflict =
              JSON.createObjectNode()
                  .put("__type", "ConflictException")
                  .put(
                      "message",
                      "The specified client token is already in use with a different RunTask"
                          + " request.");
          conflict.putArray("resourceIds").add(used.arn());
          return EmulatedResponse.json(400, conflict.toString());
        }
        return ok(
            JSON.createObjectNode()
                .<ObjectNode>set(
                    "tasks", JSON.createArrayNode().add(tasks.get(used.arn()).toJson()))
                .set("failures", JSON.createArrayNode()));
      }
    }
    Map<String, String> environment = new LinkedHashMap<>(taskEnvironment);
    String containerName = "job";
    for (JsonNode override : body.path("overrides").path("containerOverrides")) {
      containerName = override.path("name").asText(containerName);
      for (JsonNode pair : override.path("environment")) {
        environment.put(pair.path("name").asText(), pair.path("value").asText());
      }
    }
    TaskLauncher current = launcher;
    if (current == null) {
      return ok(
          JSON.createObjectNode()
              .<ObjectNode>set("tasks", JSON.createArrayNode())
              .set(
                  "failures",
                  JSON.createArrayNode()
                      .add(
                          JSON.createObjectNode()
                              .put("reason", "RESOURCE:CPU")
                              .put("detail", "no task launcher set in the emulator"))));
    }
    String arn =
        "arn:aws:ecs:us-east-1:000000000000:task/"
            + cluster
            + "/"
            + UUID.randomUUID().toString().replace("-", "");
    EmulatedTask task =
        new EmulatedTask(
            arn,
            cluster,
            taskDefinition,
            containerName,
            body.path("startedBy").asText(null),
            environment,
            Instant.now(),
            provisioning,
            pending);
    tasks.put(arn, task);
    if (token != null) {
      clientTokens.put(cluster + "/" + token, new ClientToken(fingerprint, arn, Instant.now()));
    }
    Runnable onStop = () -> stopListeners.forEach(listener -> listener.accept(task));
    killer.schedule(
        () -> {
          if (task.stopRequested()) {
            return;
          }
          try {
            Process process = current.launch(taskDefinition, environment);
            EmulatedLogs logs = awslogs;
            if (logs != null) {
              logs.pump(
                  awslogsGroup,
                  awslogsStreamPrefix.apply(taskDefinition)
                      + "/"
                      + task.containerName()
                      + "/"
                      + arn.substring(arn.lastIndexOf('/') + 1),
                  process.getInputStream());
            }
            task.launched(process, onStop);
          } catch (IOException | RuntimeException e) {
            task.failedToStart("CannotStartContainerError: " + e.getMessage(), onStop);
          }
        },
        task.untilLaunch().toMillis(),
        TimeUnit.MILLISECONDS);
    return ok(
        JSON.createObjectNode()
            .<ObjectNode>set("tasks", JSON.createArrayNode().add(task.toJson()))
            .set("failures", JSON.createArrayNode()));
  }

  private EmulatedResponse stopTask(JsonNode body) {
    EmulatedTask task = tasks.get(body.path("task").asText());
    if (task == null) {
      return error(400, "InvalidParameterException", "The referenced task was not found.");
    }
    Runnable onStop = () -> stopListeners.forEach(listener -> listener.accept(task));
    if (task.stop(body.path("reason").asText("Task stopped by user"), onStop)) {
      long pid = task.process().pid();
      killer.schedule(
          () -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly),
          stopTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return ok(JSON.createObjectNode().set("task", task.toJson()));
  }

  private EmulatedResponse describeTasks(JsonNode body) {
    ArrayNode found = JSON.createArrayNode();
    ArrayNode failures = JSON.createArrayNode();
    for (JsonNode arn : body.path("tasks")) {
      EmulatedTask task = tasks.get(arn.asText());
      if (task == null
          || task.forgotten()
          || task.createdAt().plus(visibilityDelay).isAfter(Instant.now())) {
        failures.add(JSON.createObjectNode().put("arn", arn.asText()).put("reason", "MISSING"));
      } else {
        found.add(task.toJson());
      }
    }
    return ok(JSON.createObjectNode().<ObjectNode>set("tasks", found).set("failures", failures));
  }

  private static EmulatedResponse ok(ObjectNode body) {
    return EmulatedResponse.json(200, body.toString());
  }

  static EmulatedResponse error(int status, String type, String message) {
    return EmulatedResponse.json(
        status, JSON.createObjectNode().put("__type", type).put("message", message).toString());
  }

  @Override
  public void close() {
    List<EmulatedTask> all = new ArrayList<>(tasks.values());
    killer.shutdownNow();
    for (EmulatedTask task : all) {
      task.stop("emulator closed", () -> {});
      if (task.containerRan()) {
        task.process().descendants().forEach(ProcessHandle::destroyForcibly);
        task.process().destroyForcibly();
      }
    }
    for (EmulatedTask task : all) {
      if (task.containerRan()) {
        try {
          task.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
