package dev.overtime.aws.invoker;

import static dev.overtime.aws.protocol.InvokerEnvironment.ASSIGN_PUBLIC_IP;
import static dev.overtime.aws.protocol.InvokerEnvironment.BUCKET;
import static dev.overtime.aws.protocol.InvokerEnvironment.CLUSTER;
import static dev.overtime.aws.protocol.InvokerEnvironment.CONTAINER_NAME;
import static dev.overtime.aws.protocol.InvokerEnvironment.DEFAULT_CONTAINER_NAME;
import static dev.overtime.aws.protocol.InvokerEnvironment.DEFAULT_S3_PREFIX;
import static dev.overtime.aws.protocol.InvokerEnvironment.JOBS;
import static dev.overtime.aws.protocol.InvokerEnvironment.S3_PREFIX;
import static dev.overtime.aws.protocol.InvokerEnvironment.SCHEDULER_ROLE_ARN;
import static dev.overtime.aws.protocol.InvokerEnvironment.SCHEDULE_GROUP;
import static dev.overtime.aws.protocol.InvokerEnvironment.SECURITY_GROUPS;
import static dev.overtime.aws.protocol.InvokerEnvironment.SUBNETS;
import static dev.overtime.aws.protocol.InvokerEnvironment.TASK_FAMILY_PREFIX;

import dev.overtime.aws.protocol.InvokerEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The invoker's configuration, from the function's environment: the variables of {@link
 * InvokerEnvironment}, which the stack written by {@code overtime deploy} sets.
 *
 * @param schedulerRoleArn the role EventBridge Scheduler invokes the invoker with, or null
 * @param scheduleGroup the schedule group of resumptions, or null
 * @param capacityProviders the capacity provider of each job that names one in {@code
 *     OVERTIME_JOBS} ({@code "capacityProvider":"FARGATE_SPOT"}); other jobs use the FARGATE launch
 *     type
 * @param concurrencyLimits the per-job concurrency limit of each job that has one in {@code
 *     OVERTIME_JOBS} ({@code "concurrency":N}, from {@code @JobHandler(concurrency = N)})
 */
record InvokerConfig(
    String cluster,
    List<String> subnets,
    List<String> securityGroups,
    boolean assignPublicIp,
    String taskFamilyPrefix,
    String containerName,
    String bucket,
    String prefix,
    SortedMap<String, InvokerEnvironment.Job> jobs,
    String schedulerRoleArn,
    String scheduleGroup,
    Map<String, String> capacityProviders,
    Map<String, Integer> concurrencyLimits) {

  /**
   * Reads the configuration.
   *
   * @throws IllegalStateException naming every missing or malformed variable
   */
  static InvokerConfig fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String cluster = required(env, CLUSTER, problems);
    List<String> subnets = list(env.get(SUBNETS));
    if (subnets.isEmpty()) {
      problems.add(SUBNETS + " is not set (comma-separated subnet ids for the tasks)");
    }
    String assign = Optional.ofNullable(env.get(ASSIGN_PUBLIC_IP)).orElse("DISABLED").trim();
    if (!assign.equals("ENABLED") && !assign.equals("DISABLED")) {
      problems.add(ASSIGN_PUBLIC_IP + " is '" + assign + "'; use ENABLED or DISABLED");
    }
    String bucket = required(env, BUCKET, problems);
    String prefix = Optional.ofNullable(env.get(S3_PREFIX)).orElse(DEFAULT_S3_PREFIX).trim();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String familyPrefix = Optional.ofNullable(env.get(TASK_FAMILY_PREFIX)).orElse("").trim();
    String container =
        Optional.ofNullable(env.get(CONTAINER_NAME)).orElse(DEFAULT_CONTAINER_NAME).trim();
    SortedMap<String, InvokerEnvironment.Job> jobs =
        InvokerEnvironment.readJobs(env.get(JOBS), problems);
    Map<String, String> capacityProviders = capacityProviders(env.get(JOBS), problems);
    Map<String, Integer> concurrencyLimits =
        Map.copyOf(InvokerEnvironment.readConcurrency(env.get(JOBS), problems));
    String schedulerRole = optional(env, SCHEDULER_ROLE_ARN);
    String scheduleGroup = optional(env, SCHEDULE_GROUP);
    if ((schedulerRole == null) != (scheduleGroup == null)) {
      problems.add(
          SCHEDULER_ROLE_ARN
              + " and "
              + SCHEDULE_GROUP
              + " go together (retries after a backoff are one-time schedules in the group,"
              + " invoked with the role); set both or neither");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The invoker is misconfigured: "
              + String.join("; ", problems)
              + ". The stack written by 'overtime deploy' sets all of these.");
    }
    return new InvokerConfig(
        cluster,
        subnets,
        list(env.get(SECURITY_GROUPS)),
        assign.equals("ENABLED"),
        familyPrefix,
        container,
        bucket,
        prefix,
        jobs,
        schedulerRole,
        scheduleGroup,
        capacityProviders,
        concurrencyLimits);
  }

  /**
   * The per-job concurrency limit of {@code job}: at most that many of its runs hold a slot at once
   * ({@link JobSlots}); 0 for none.
   */
  int concurrency(String job) {
    return concurrencyLimits.getOrDefault(job, 0);
  }

  /** The capacity provider of {@code job}, or null for the FARGATE launch type. */
  String capacityProvider(String job) {
    return capacityProviders.get(job);
  }

  private static Map<String, String> capacityProviders(String jobsJson, List<String> problems) {
    Map<String, String> providers = new java.util.TreeMap<>();
    if (jobsJson == null || jobsJson.isBlank()) {
      return providers;
    }
    try {
      dev.overtime.runtime.internal.JsonCodec.shared()
          .readTree(jobsJson)
          .properties()
          .forEach(
              entry -> {
                com.fasterxml.jackson.databind.JsonNode provider =
                    entry.getValue().path("capacityProvider");
                if (provider.isMissingNode() || provider.isNull()) {
                  return;
                }
                if (!provider.isTextual()
                    || !List.of("FARGATE", "FARGATE_SPOT").contains(provider.asText())) {
                  problems.add(
                      JOBS
                          + "."
                          + entry.getKey()
                          + ".capacityProvider must be FARGATE or FARGATE_SPOT, was "
                          + provider);
                } else {
                  providers.put(entry.getKey(), provider.asText());
                }
              });
    } catch (java.io.IOException | RuntimeException e) {
      // readJobs has said what is wrong with the variable.
    }
    return Map.copyOf(providers);
  }

  /**
   * Whether retries are resumed by EventBridge Scheduler when their backoff ends; without it, the
   * next read or sweep after the backoff starts them.
   */
  boolean schedulesResumes() {
    return schedulerRoleArn != null && scheduleGroup != null;
  }

  private static String optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String required(Map<String, String> env, String name, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      problems.add(name + " is not set");
      return null;
    }
    return value.trim();
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return List.copyOf(items);
  }

  /** The task definition family of {@code job}. */
  String taskDefinition(String job) {
    return taskFamilyPrefix + job;
  }
}
