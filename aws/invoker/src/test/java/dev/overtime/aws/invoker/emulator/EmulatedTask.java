package dev.overtime.aws.invoker.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** One emulated ECS task: a local process and what ECS would report about it. */
public final class EmulatedTask {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String arn;
  private final String taskDefinition;
  private final String containerName;
  private final Process process;
  private final Map<String, String> environment;
  private final Instant startedAt;
  private volatile String stopReason;
  private volatile boolean forgotten;
  private volatile Instant stoppedAt;

  EmulatedTask(
      String arn,
      String taskDefinition,
      String containerName,
      Process process,
      Map<String, String> environment,
      Instant startedAt) {
    this.arn = arn;
    this.taskDefinition = taskDefinition;
    this.containerName = containerName;
    this.process = process;
    this.environment = Map.copyOf(environment);
    this.startedAt = startedAt;
    process.onExit().thenRun(() -> stoppedAt = Instant.now());
  }

  public String arn() {
    return arn;
  }

  public Process process() {
    return process;
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

  void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      process.destroy(); // SIGTERM
    }
  }

  ObjectNode toJson() {
    boolean alive = process.isAlive();
    String status = alive ? (stopReason == null ? "RUNNING" : "STOPPING") : "STOPPED";
    ObjectNode task =
        JSON.createObjectNode()
            .put("taskArn", arn)
            .put(
                "taskDefinitionArn",
                "arn:aws:ecs:us-east-1:000000000000:task-definition/" + taskDefinition)
            .put("lastStatus", status)
            .put("desiredStatus", alive && stopReason == null ? "RUNNING" : "STOPPED")
            .put("launchType", "FARGATE")
            .put("startedAt", startedAt.toEpochMilli() / 1000.0);
    ObjectNode container =
        task.putArray("containers")
            .addObject()
            .put("name", containerName)
            .put("lastStatus", alive ? "RUNNING" : "STOPPED");
    if (!alive) {
      container.put("exitCode", process.exitValue());
      task.put(
          "stoppedReason", stopReason != null ? stopReason : "Essential container in task exited");
      task.put("stopCode", stopReason != null ? "UserInitiated" : "EssentialContainerExited");
      task.put(
          "stoppedAt", (stoppedAt == null ? Instant.now() : stoppedAt).toEpochMilli() / 1000.0);
    }
    return task;
  }
}
