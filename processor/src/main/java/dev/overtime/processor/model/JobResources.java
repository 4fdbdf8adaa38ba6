package dev.overtime.processor.model;

/**
 * The resources of one job, normalized and as the developer wrote them in {@code @JobHandler}.
 *
 * @param timeoutSeconds the timeout of one attempt in seconds
 * @param timeoutDeclared the timeout as written, e.g. {@code "1 hour"}
 * @param memoryMib memory in MiB ({@code "7 GB"} is 7168)
 * @param memoryDeclared memory as written
 * @param cpuUnits CPU in units of 1/1024 vCPU ({@code "0.25 vCPU"} is 256)
 * @param cpuDeclared CPU as written
 * @param retries how many times a failed attempt is retried
 * @param concurrency most runs of the job at once, or 0 for no per-job limit
 */
public record JobResources(
    long timeoutSeconds,
    String timeoutDeclared,
    int memoryMib,
    String memoryDeclared,
    int cpuUnits,
    String cpuDeclared,
    int retries,
    int concurrency) {

  /** Resources without a per-job concurrency limit. */
  public JobResources(
      long timeoutSeconds,
      String timeoutDeclared,
      int memoryMib,
      String memoryDeclared,
      int cpuUnits,
      String cpuDeclared,
      int retries) {
    this(
        timeoutSeconds,
        timeoutDeclared,
        memoryMib,
        memoryDeclared,
        cpuUnits,
        cpuDeclared,
        retries,
        0);
  }
}
