package dev.overtime.aws.invoker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/** Starts, stops and describes the ECS Fargate tasks of runs. */
final class TaskRunner {
  /** The tag with the run id on every task (beside the task definition's, propagated). */
  static final String RUN_ID_TAG = "overtime:run-id";

  /** The tag with the attempt on every task. */
  static final String ATTEMPT_TAG = "overtime:attempt";

  private final EcsClient ecs;
  private final InvokerConfig config;

  TaskRunner(EcsClient ecs, InvokerConfig config) {
    this.ecs = ecs;
    this.config = config;
  }

  /**
   * Starts one attempt. The client token makes a retried call (the SDK's, or a second invocation
   * with the same idempotency key) start the task only once.
   *
   * @return the task ARN
   * @throws TaskStartException when ECS starts no task
   */
  String start(String job, String runId, int attempt, Map<String, String> environment) {
    return start(job, runId, attempt, 0, environment);
  }

  /**
   * Starts an attempt again after {@code failedStarts} starts of the run never reached the handler;
   * a start after a failed one needs its own client token, or ECS would answer the failed task.
   */
  String start(
      String job, String runId, int attempt, int failedStarts, Map<String, String> environment) {
    String clientToken = runId + "-" + attempt + (failedStarts == 0 ? "" : "-s" + failedStarts);
    List<KeyValuePair> env = new ArrayList<>();
    environment.forEach(
        (name, value) -> env.add(KeyValuePair.builder().name(name).value(value).build()));
    String capacityProvider = config.capacityProvider(job);
    RunTaskResponse response =
        ecs.runTask(
            b ->
                (capacityProvider == null
                        ? b.launchType(LaunchType.FARGATE)
                        : b.capacityProviderStrategy(
                            s -> s.capacityProvider(capacityProvider).weight(1)))
                    .cluster(config.cluster())
                    .taskDefinition(config.taskDefinition(job))
                    // The task definition's tags (the job's, the deploy configuration's), and the
                    // run's own: every parameter comes from the run record, so replays match.
                    .propagateTags(PropagateTags.TASK_DEFINITION)
                    .tags(
                        Tag.builder().key(RUN_ID_TAG).value(runId).build(),
                        Tag.builder().key(ATTEMPT_TAG).value(Integer.toString(attempt)).build())
                    .count(1)
                    .startedBy(runId)
                    .clientToken(clientToken)
                    .networkConfiguration(
                        n ->
                            n.awsvpcConfiguration(
                                v ->
                                    v.subnets(config.subnets())
                                        .securityGroups(config.securityGroups())
                                        .assignPublicIp(
                                            config.assignPublicIp()
                                                ? AssignPublicIp.ENABLED
                                                : AssignPublicIp.DISABLED)))
                    .overrides(
                        o ->
                            o.containerOverrides(
                                c -> c.name(config.containerName()).environment(env))));
    if (response.tasks().isEmpty()) {
      List<String> reasons = new ArrayList<>();
      response
          .failures()
          .forEach(
              f -> reasons.add(f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")")));
      throw new TaskStartException(
          "ECS started no task for job '"
              + job
              + "' from task definition '"
              + config.taskDefinition(job)
              + "' in cluster '"
              + config.cluster()
              + "': "
              + (reasons.isEmpty() ? "no reason given" : String.join("; ", reasons)));
    }
    return response.tasks().get(0).taskArn();
  }

  /** The task's state; empty once ECS has forgotten it (about an hour after it stopped). */
  Optional<TaskState> describe(String taskArn) {
    DescribeTasksResponse response =
        ecs.describeTasks(b -> b.cluster(config.cluster()).tasks(taskArn));
    if (response.tasks().isEmpty()) {
      return Optional.empty();
    }
    Task task = response.tasks().get(0);
    Integer exitCode = null;
    for (Container container : task.containers()) {
      if (config.containerName().equals(container.name())) {
        exitCode = container.exitCode();
      }
    }
    return Optional.of(
        new TaskState(
            task.lastStatus(),
            exitCode,
            task.stoppedReason(),
            task.stopCodeAsString(),
            task.startedAt(),
            task.stoppedAt()));
  }

  /**
   * Stops the task: its containers get SIGTERM, then SIGKILL after the task definition's stop
   * timeout.
   */
  void stop(String taskArn, String reason) {
    ecs.stopTask(b -> b.cluster(config.cluster()).task(taskArn).reason(reason));
  }
}
