package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The invoker's configuration, from the function's environment (the stack sets it):
 *
 * <pre>
 * OVERTIME_CLUSTER             the ECS cluster name or ARN
 * OVERTIME_SUBNETS             comma-separated subnet ids for the tasks
 * OVERTIME_SECURITY_GROUPS     comma-separated security group ids (optional)
 * OVERTIME_ASSIGN_PUBLIC_IP    ENABLED or DISABLED (default DISABLED)
 * OVERTIME_TASK_FAMILY_PREFIX  task definition family of job j is prefix + j
 * OVERTIME_CONTAINER_NAME      the job container's name in the task definitions (default "job")
 * OVERTIME_BUCKET              the bucket for payloads and outcomes
 * OVERTIME_S3_PREFIX           key prefix inside it (default "overtime/")
 * OVERTIME_JOBS                {"factorial":{"timeoutSeconds":3600,"retries":0}, …}
 * </pre>
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
    SortedMap<String, JobSettings> jobs) {

  /**
   * Reads the configuration.
   *
   * @throws IllegalStateException naming every missing or malformed variable
   */
  static InvokerConfig fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String cluster = required(env, "OVERTIME_CLUSTER", problems);
    List<String> subnets = list(env.get("OVERTIME_SUBNETS"));
    if (subnets.isEmpty()) {
      problems.add("OVERTIME_SUBNETS is not set (comma-separated subnet ids for the tasks)");
    }
    String assign = Optional.ofNullable(env.get("OVERTIME_ASSIGN_PUBLIC_IP")).orElse("DISABLED").trim();
    if (!assign.equals("ENABLED") && !assign.equals("DISABLED")) {
      problems.add("OVERTIME_ASSIGN_PUBLIC_IP is '" + assign + "'; use ENABLED or DISABLED");
    }
    String bucket = required(env, "OVERTIME_BUCKET", problems);
    String prefix = Optional.ofNullable(env.get("OVERTIME_S3_PREFIX")).orElse("overtime/").trim();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String familyPrefix = Optional.ofNullable(env.get("OVERTIME_TASK_FAMILY_PREFIX")).orElse("").trim();
    String container = Optional.ofNullable(env.get("OVERTIME_CONTAINER_NAME")).orElse("job").trim();
    SortedMap<String, JobSettings> jobs = jobs(env.get("OVERTIME_JOBS"), problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("The invoker is misconfigured: " + String.join("; ", problems)
          + ". The stack written by 'overtime deploy' sets all of these.");
    }
    return new InvokerConfig(cluster, subnets, list(env.get("OVERTIME_SECURITY_GROUPS")),
        assign.equals("ENABLED"), familyPrefix, container, bucket, prefix, jobs);
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

  private static SortedMap<String, JobSettings> jobs(String json, List<String> problems) {
    SortedMap<String, JobSettings> jobs = new TreeMap<>();
    if (json == null || json.isBlank()) {
      problems.add("OVERTIME_JOBS is not set (e.g. {\"factorial\":{\"timeoutSeconds\":3600,\"retries\":0}})");
      return jobs;
    }
    try {
      JsonNode root = JsonCodec.shared().readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("expected an object of jobs");
      }
      root.properties().forEach(entry -> {
        JsonNode job = entry.getValue();
        if (!job.path("timeoutSeconds").canConvertToLong() || job.path("timeoutSeconds").asLong() <= 0) {
          problems.add("OVERTIME_JOBS." + entry.getKey() + ".timeoutSeconds must be a positive number");
        }
        jobs.put(entry.getKey(), new JobSettings(entry.getKey(), job.path("timeoutSeconds").asLong(),
            job.path("retries").asInt(0)));
      });
    } catch (IOException | RuntimeException e) {
      problems.add("OVERTIME_JOBS is not a JSON object of jobs: " + e.getMessage());
    }
    return jobs;
  }

  /** The task definition family of {@code job}. */
  String taskDefinition(String job) {
    return taskFamilyPrefix + job;
  }
}
