package dev.overtime.aws.deploy;

/**
 * Where a job's tasks run: {@code FARGATE} (on demand, the default) or {@code FARGATE_SPOT} (spare
 * capacity at a discount, which AWS may take back with two minutes' notice: the task gets SIGTERM,
 * and the run is retried if the job has retries left).
 */
public enum Capacity {
  FARGATE,
  FARGATE_SPOT
}
