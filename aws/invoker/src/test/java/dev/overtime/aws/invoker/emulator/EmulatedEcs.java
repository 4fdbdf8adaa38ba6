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
 * {@code RunTask}, {@code StopTask} and {@code DescribeTasks}. A task is a local process started by
 * the {@link TaskLauncher} with the environment of the container overrides; {@code StopTask} sends
 * it SIGTERM, then SIGKILL after the stop timeout, as ECS does.
 */
public final class EmulatedEcs implements AutoCloseable {
  private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, EmulatedTask> tasks = new ConcurrentHashMap<>();
  private final Map<String, String> clientTokens = new ConcurrentHashMap<>();
  private final ScheduledExecutorService killer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "emulated-ecs-stop-timeout");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, String> taskEnvironment;
  private volatile TaskLauncher launcher;
  private volatile Duration stopTimeout = Duration.ofSeconds(30);

  EmulatedEcs(Map<String, String> taskEnvironment) {
    this.taskEnvironment = taskEnvironment;
  }

  public void launcher(TaskLauncher launcher) {
    this.launcher = launcher;
  }

  public void stopTimeout(Duration timeout) {
    this.stopTimeout = timeout;
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

  private EmulatedResponse runTask(JsonNode body) throws IOException {
    String taskDefinition = body.path("taskDefinition").asText();
    String token = body.path("clientToken").asText(null);
    if (token != null && clientTokens.containsKey(token)) {
      return ok(
          JSON.createObjectNode()
              .<ObjectNode>set(
                  "tasks", JSON.createArrayNode().add(tasks.get(clientTokens.get(token)).toJson()))
              .set("failures", JSON.createArrayNode()));
    }
    if (taskDefinition.isEmpty() || body.path("cluster").asText().isEmpty()) {
      return error(400, "InvalidParameterException", "taskDefinition and cluster are required");
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
            + body.path("cluster").asText()
            + "/"
            + UUID.randomUUID().toString().replace("-", "");
    Process process = current.launch(taskDefinition, environment);
    EmulatedTask task =
        new EmulatedTask(arn, taskDefinition, containerName, process, environment, Instant.now());
    tasks.put(arn, task);
    if (token != null) {
      clientTokens.put(token, arn);
    }
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
    task.stop(body.path("reason").asText("Task stopped by user"));
    long pid = task.process().pid();
    killer.schedule(
        () -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly),
        stopTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
    return ok(JSON.createObjectNode().set("task", task.toJson()));
  }

  private EmulatedResponse describeTasks(JsonNode body) {
    ArrayNode found = JSON.createArrayNode();
    ArrayNode failures = JSON.createArrayNode();
    for (JsonNode arn : body.path("tasks")) {
      EmulatedTask task = tasks.get(arn.asText());
      if (task == null || task.forgotten()) {
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
    for (EmulatedTask task : all) {
      task.process().descendants().forEach(ProcessHandle::destroyForcibly);
      task.process().destroyForcibly();
    }
    for (EmulatedTask task : all) {
      try {
        task.process().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    killer.shutdownNow();
  }
}
