package dev.overtime.runtime.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One job of a manifest: what deployment tooling needs to create its resources.
 *
 * @param name the job name
 * @param handlerClass the binary name of the handler class
 * @param entrypoint the main class a container starts, {@code dev.overtime.bootstrap.Main}
 * @param payload the payload type and schema
 * @param result the result type and schema
 * @param timeoutSeconds how long one attempt may run
 * @param timeoutDeclared the timeout as written, e.g. {@code "1 hour"}
 * @param memoryMib memory in MiB
 * @param memoryDeclared memory as written, e.g. {@code "7 GB"}
 * @param cpuUnits CPU in units of 1/1024 vCPU
 * @param cpuDeclared CPU as written, e.g. {@code "1 vCPU"}
 * @param retries how many times a failed attempt is retried
 * @param concurrency most runs of the job at once ({@code @JobHandler(concurrency)}), or 0 for no
 *     per-job limit (the manifest then has no {@code concurrency})
 * @param schedules the job's {@code @Schedule}s, in declaration order
 */
public record ManifestJob(
    String name,
    String handlerClass,
    String entrypoint,
    ManifestType payload,
    ManifestType result,
    long timeoutSeconds,
    String timeoutDeclared,
    int memoryMib,
    String memoryDeclared,
    int cpuUnits,
    String cpuDeclared,
    int retries,
    int concurrency,
    List<ManifestSchedule> schedules) {

  public ManifestJob {
    schedules = List.copyOf(schedules);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handlerClass, "handlerClass");
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(result, "result");
  }

  /** A job without a per-job concurrency limit or schedules. */
  public ManifestJob(
      String name,
      String handlerClass,
      String entrypoint,
      ManifestType payload,
      ManifestType result,
      long timeoutSeconds,
      String timeoutDeclared,
      int memoryMib,
      String memoryDeclared,
      int cpuUnits,
      String cpuDeclared,
      int retries) {
    this(
        name,
        handlerClass,
        entrypoint,
        payload,
        result,
        timeoutSeconds,
        timeoutDeclared,
        memoryMib,
        memoryDeclared,
        cpuUnits,
        cpuDeclared,
        retries,
        0,
        List.of());
  }

  /** A job with a per-job concurrency limit (0 for none), without schedules. */
  public ManifestJob(
      String name,
      String handlerClass,
      String entrypoint,
      ManifestType payload,
      ManifestType result,
      long timeoutSeconds,
      String timeoutDeclared,
      int memoryMib,
      String memoryDeclared,
      int cpuUnits,
      String cpuDeclared,
      int retries,
      int concurrency) {
    this(
        name,
        handlerClass,
        entrypoint,
        payload,
        result,
        timeoutSeconds,
        timeoutDeclared,
        memoryMib,
        memoryDeclared,
        cpuUnits,
        cpuDeclared,
        retries,
        concurrency,
        List.of());
  }

  /** A job with schedules, without a per-job concurrency limit. */
  public ManifestJob(
      String name,
      String handlerClass,
      String entrypoint,
      ManifestType payload,
      ManifestType result,
      long timeoutSeconds,
      String timeoutDeclared,
      int memoryMib,
      String memoryDeclared,
      int cpuUnits,
      String cpuDeclared,
      int retries,
      List<ManifestSchedule> schedules) {
    this(
        name,
        handlerClass,
        entrypoint,
        payload,
        result,
        timeoutSeconds,
        timeoutDeclared,
        memoryMib,
        memoryDeclared,
        cpuUnits,
        cpuDeclared,
        retries,
        0,
        schedules);
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }
}
