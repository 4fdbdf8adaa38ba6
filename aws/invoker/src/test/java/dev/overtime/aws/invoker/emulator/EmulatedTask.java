package dev.overtime.aws.invoker.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One emulated ECS task and what ECS would report about it, through the lifecycle ECS documents
 * (ECS Developer Guide, "Amazon ECS task lifecycle":
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html):
 * PROVISIONING, then PENDING, then RUNNING once its container (a local process) runs, then STOPPING
 * and STOPPED. A task whose container could not be started stops with stop code {@code
 * TaskFailedToStart} and no exit code; so does one stopped before its container ran.
 */
public final class EmulatedTask {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String arn;
  private final String cluster;
  private final String taskDefinition;
  private final String containerName;
  private final String startedBy;
  private final Map<String, String> environment;
  private final Instant createdAt;
  private final Duration provisioning;
  private final Duration pending;
  private final CompletableFuture<Process> launched = new CompletableFuture<>();
  private volatile Process process;
  private volatile Instant startedAt;
  private volatile String stopReason;
  private volatile String failedToStart;
  private volatile boolean forgotten;
  private volatile Instant stoppedAt;

  EmulatedTask(
      String arn,
      String cluster,
      String taskDefinition,
      String containerName,
      String startedBy,
      Map<String, String> environment,
      Instant createdAt,
      Duration provisioning,
      Duration pending) {
    this.arn = arn;
    this.cluster = cluster;
    this.taskDefinition = taskDefinition;
    this.containerName = containerName;
    this.startedBy = startedBy;
    this.environment = Map.copyOf(environment);
    this.createdAt = createdAt;
    this.provisioning = provisioning;
    this.pending = pending;
  }

  public String arn() {
    return arn;
  }

  String cluster() {
    return cluster;
  }

  String containerName() {
    return containerName;
  }

  String taskDefinition() {
    return taskDefinition;
  }

  Instant createdAt() {
    return createdAt;
  }

  /**
   * The container's process, waiting up to 30 s for it to be launched.
   *
   * @throws IllegalStateException when the container never ran (failed to start, or stopped before)
   */
  public Process process() {
    try {
      return launched.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("task " + arn + " has no container process", e);
    }
  }

  /** Whether its container process was launched. */
  public boolean containerRan() {
    return process != null;
  }

  /** The environment the process got. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Whether StopTask was called. */
  public boolean stopRequested() {
    return stopReason != null;
  }

  /** Makes DescribeTasks answer MISSING, as ECS does about an hour after a task stopped. */
  public void forget() {
    forgotten = true;
  }

  boolean forgotten() {
    return forgotten;
  }

  /** Whether it is STOPPED. */
  public boolean stopped() {
    return stoppedAt != null;
  }

  /** The time its container is due to start (after PROVISIONING and PENDING). */
  Duration untilLaunch() {
    return provisioning.plus(pending);
  }

  synchronized void launched(Process started, Runnable onStop) {
    if (stopReason != null) {
      started.destroyForcibly();
      return;
    }
    process = started;
    startedAt = Instant.now();
    launched.complete(started);
    started
        .onExit()
        .thenRun(
            () -> {
              stoppedAt = Instant.now();
              onStop.run();
            });
  }

  synchronized void failedToStart(String reason, Runnable onStop) {
    failedToStart = reason;
    stoppedAt = Instant.now();
    launched.completeExceptionally(new IllegalStateException(reason));
    onStop.run();
  }

  /** StopTask: SIGTERM to a running container; a task whose container has not run just stops. */
  synchronized boolean stop(String reason, Runnable onStop) {
    if (stopReason != null) {
      return false;
    }
    stopReason = reason;
    if (process != null) {
      process.destroy(); // SIGTERM
      return true;
    }
    if (stoppedAt == null) {
      stoppedAt = Instant.now();
      launched.completeExceptionally(new IllegalStateException("stopped before it ran"));
      onStop.run();
    }
    return false;
  }

  private String lastStatus() {
    if (stoppedAt != null) {
      return "STOPPED";
    }
    if (process != null) {
      return stopReason == null ? "RUNNING" : "STOPPING";
    }
    Duration age = Duration.between(createdAt, Instant.now());
    return age.compareTo(provisioning) < 0 ? "PROVISIONING" : "PENDING";
  }

  ObjectNode toJson() {
    String status = lastStatus();
    boolean stopped = status.equals("STOPPED");
    ObjectNode task =
        JSON.createObjectNode()
            .put("taskArn", arn)
            .put("clusterArn", "arn:aws:ecs:us-east-1:000000000000:cluster/" + cluster)
            .put(
                "taskDefinitionArn",
                "arn:aws:ecs:us-east-1:000000000000:task-definition/" + taskDefinition)
            .put("lastStatus", status)
            .put("desiredStatus", stopped || stopReason != null ? "STOPPED" : "RUNNING")
            .put("launchType", "FARGATE")
            .put("createdAt", createdAt.toEpochMilli() / 1000.0);
    if (startedBy != null) {
      task.put("startedBy", startedBy);
    }
    if (startedAt != null) {
      task.put("startedAt", startedAt.toEpochMilli() / 1000.0);
    }
    ObjectNode container =
        task.putArray("containers")
            .addObject()
            .put("name", containerName)
            .put("lastStatus", status);
    if (stopped) {
      Process ran = process;
      if (ran != null) {
        container.put("exitCode", ran.exitValue());
        task.put(
            "stoppedReason",
            stopReason != null ? stopReason : "Essential container in task exited");
        task.put("stopCode", stopReason != null ? "UserInitiated" : "EssentialContainerExited");
      } else if (failedToStart != null) {
        task.put("stoppedReason", failedToStart);
        task.put("stopCode", "TaskFailedToStart");
      } else {
        task.put("stoppedReason", stopReason);
        task.put("stopCode", "UserInitiated");
      }
      task.put("stoppedAt", stoppedAt.toEpochMilli() / 1000.0);
    }
    return task;
  }

  /**
   * The "ECS Task State Change" event EventBridge delivers for this task now (ECS Developer Guide,
   * "Amazon ECS task state change events":
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html): times in the
   * detail are ISO-8601 text, not epoch seconds as in DescribeTasks.
   */
  public ObjectNode event() {
    ObjectNode described = toJson();
    ObjectNode detail = described.deepCopy();
    for (String field : new String[] {"createdAt", "startedAt", "stoppedAt"}) {
      if (detail.has(field)) {
        detail.put(
            field, Instant.ofEpochMilli((long) (detail.path(field).asDouble() * 1000)).toString());
      }
    }
    ObjectNode event =
        JSON.createObjectNode()
            .put("version", "0")
            .put("id", java.util.UUID.randomUUID().toString())
            .put("detail-type", "ECS Task State Change")
            .put("source", "aws.ecs")
            .put("account", "000000000000")
            .put("time", Instant.now().toString())
            .put("region", "us-east-1");
    event.putArray("resources").add(arn);
    event.set("detail", detail);
    return event;
  }
}
