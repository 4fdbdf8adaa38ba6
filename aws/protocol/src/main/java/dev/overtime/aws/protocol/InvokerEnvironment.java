package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.contract.resources.ResourceSpec;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The invoker function's environment: the stack written by {@code overtime deploy} sets these
 * variables and the invoker reads them, both through this class, so neither can drift from the
 * other.
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
 * OVERTIME_JOBS                {"factorial":{"timeoutSeconds":3600,"retries":0}, …}: see {@link Job};
 *                              a job with a per-job limit adds "concurrency":N ({@link #JOBS_CONCURRENCY})
 * OVERTIME_SCHEDULER_ROLE_ARN  the role EventBridge Scheduler assumes to invoke the invoker when a
 *                              retry's backoff ends (one-time schedules)
 * OVERTIME_SCHEDULE_GROUP      the EventBridge Scheduler group those schedules are created in
 * </pre>
 *
 * <p>Besides the client's requests, the invoker receives events: "ECS Task State Change" events of
 * the stack's cluster (an EventBridge rule), {@code {"action":"sweep"}} from a periodic rule, and
 * {@code {"action":"resume","runId":"…","attempt":N}} from a one-time schedule when a backoff ends.
 */
public final class InvokerEnvironment {
  public static final String CLUSTER = "OVERTIME_CLUSTER";
  public static final String SUBNETS = "OVERTIME_SUBNETS";
  public static final String SECURITY_GROUPS = "OVERTIME_SECURITY_GROUPS";
  public static final String ASSIGN_PUBLIC_IP = "OVERTIME_ASSIGN_PUBLIC_IP";
  public static final String TASK_FAMILY_PREFIX = "OVERTIME_TASK_FAMILY_PREFIX";
  public static final String CONTAINER_NAME = "OVERTIME_CONTAINER_NAME";
  public static final String BUCKET = "OVERTIME_BUCKET";
  public static final String S3_PREFIX = "OVERTIME_S3_PREFIX";
  public static final String JOBS = "OVERTIME_JOBS";
  public static final String SCHEDULER_ROLE_ARN = "OVERTIME_SCHEDULER_ROLE_ARN";
  public static final String SCHEDULE_GROUP = "OVERTIME_SCHEDULE_GROUP";

  /** {@value}: what {@link #S3_PREFIX} is when unset. */
  public static final String DEFAULT_S3_PREFIX = "overtime/";

  /** {@value}: what {@link #CONTAINER_NAME} is when unset. */
  public static final String DEFAULT_CONTAINER_NAME = "job";

  /**
   * The field of an {@code OVERTIME_JOBS} entry holding the job's per-job concurrency limit
   * ({@code @JobHandler(concurrency = N)}, 1 to {@link ResourceSpec#MAX_CONCURRENCY}): at most that
   * many runs of the job run at once, the others wait {@code QUEUED}. Absent for no limit.
   */
  public static final String JOBS_CONCURRENCY = "concurrency";

  private static final String TIMEOUT_SECONDS = "timeoutSeconds";
  private static final String RETRIES = "retries";

  private InvokerEnvironment() {}

  /**
   * What the invoker knows of one deployed job: one entry of {@link #JOBS}.
   *
   * @param name the job name
   * @param timeoutSeconds the declared timeout of one attempt
   * @param retries how many times a failed attempt is retried
   */
  public record Job(String name, long timeoutSeconds, int retries) {}

  /**
   * The value of {@link #JOBS}: {@code {"factorial":{"timeoutSeconds":3600,"retries":0}}}, in the
   * given order.
   */
  public static String jobsVariable(Collection<Job> jobs) {
    ObjectNode all = JsonNodeFactory.instance.objectNode();
    for (Job job : jobs) {
      all.putObject(job.name())
          .put(TIMEOUT_SECONDS, job.timeoutSeconds())
          .put(RETRIES, job.retries());
    }
    return all.toString();
  }

  /**
   * The per-job concurrency limits in the value of {@link #JOBS} ({@link #JOBS_CONCURRENCY}), by
   * job; jobs without one are absent. Adds every malformed limit to {@code problems}, naming the
   * variable and the field; a value that is not a JSON object of jobs is left to {@link #readJobs}
   * to report.
   */
  public static SortedMap<String, Integer> readConcurrency(String json, List<String> problems) {
    SortedMap<String, Integer> limits = new TreeMap<>();
    if (json == null || json.isBlank()) {
      return limits;
    }
    JsonNode root;
    try {
      root = JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      return limits;
    }
    if (root == null || !root.isObject()) {
      return limits;
    }
    root.properties()
        .forEach(
            entry -> {
              JsonNode limit = entry.getValue().path(JOBS_CONCURRENCY);
              if (limit.isMissingNode() || limit.isNull()) {
                return;
              }
              if (!limit.isInt() || !ResourceSpec.concurrency(limit.asInt()).ok()) {
                problems.add(
                    JOBS
                        + "."
                        + entry.getKey()
                        + "."
                        + JOBS_CONCURRENCY
                        + " must be a whole number from 1 to "
                        + ResourceSpec.MAX_CONCURRENCY
                        + " (the job's @JobHandler(concurrency)), was "
                        + limit);
              } else {
                limits.put(entry.getKey(), limit.asInt());
              }
            });
    return limits;
  }

  /**
   * Reads the value of {@link #JOBS}; adds every problem to {@code problems}, naming the variable
   * and the field, and returns the jobs it could read, by name.
   */
  public static SortedMap<String, Job> readJobs(String json, List<String> problems) {
    SortedMap<String, Job> jobs = new TreeMap<>();
    if (json == null || json.isBlank()) {
      problems.add(
          JOBS + " is not set (e.g. {\"factorial\":{\"timeoutSeconds\":3600,\"retries\":0}})");
      return jobs;
    }
    JsonNode root;
    try {
      root = JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      problems.add(JOBS + " is not a JSON object of jobs: " + e.getMessage());
      return jobs;
    }
    if (root == null || !root.isObject()) {
      problems.add(JOBS + " is not a JSON object of jobs: expected an object of jobs");
      return jobs;
    }
    root.properties()
        .forEach(
            entry -> {
              String name = entry.getKey();
              JsonNode job = entry.getValue();
              JsonNode timeout = job.path(TIMEOUT_SECONDS);
              if (!timeout.canConvertToLong() || timeout.asLong() <= 0) {
                problems.add(
                    JOBS + "." + name + "." + TIMEOUT_SECONDS + " must be a positive number");
              }
              JsonNode retries = job.path(RETRIES);
              if (!retries.isMissingNode()
                  && (!retries.isInt() || !ResourceSpec.retries(retries.asInt()).ok())) {
                problems.add(
                    JOBS
                        + "."
                        + name
                        + "."
                        + RETRIES
                        + " must be a whole number from 0 to "
                        + ResourceSpec.MAX_RETRIES);
              }
              jobs.put(name, new Job(name, timeout.asLong(), retries.asInt(0)));
            });
    return jobs;
  }
}
