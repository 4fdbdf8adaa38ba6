package dev.overtime.engine.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the submitter records about a run before it asks Slurm for a job ({@code run.properties}):
 * everything the attempt runner on the node needs, so the batch script carries nothing but the run
 * directory.
 *
 * @param id the run id
 * @param job the job name
 * @param createdAt when the run was accepted
 * @param maxAttempts the job's retries plus one
 * @param timeoutMillis how long one attempt may run
 * @param memoryMib the job's memory, the child JVM's {@code -Xmx}
 * @param cpus CPUs per task
 * @param retryBaseMillis the first retry's backoff (it doubles per attempt)
 * @param graceMillis how long a stopped attempt gets between SIGTERM and SIGKILL
 * @param idempotencyKey the run's idempotency key, or null
 * @param java the {@code java} launcher on the nodes
 * @param jvmOptions options of the child JVMs
 * @param classpathFile the {@code @argfile} holding {@code -cp <class path>}
 * @param slurmBin the directory of Slurm's commands on the nodes, or null for the {@code PATH}
 * @param slurmConf the {@code SLURM_CONF} the commands use, or null for Slurm's default
 */
record RunSpec(
    String id,
    String job,
    Instant createdAt,
    int maxAttempts,
    long timeoutMillis,
    int memoryMib,
    int cpus,
    long retryBaseMillis,
    long graceMillis,
    String idempotencyKey,
    String java,
    List<String> jvmOptions,
    Path classpathFile,
    String slurmBin,
    String slurmConf) {

  private static final String SEPARATOR = "\u001f";

  /** Slurm's commands as this run's nodes call them. */
  SlurmCommands commands() {
    return new SlurmCommands(
        slurmBin == null ? null : Path.of(slurmBin),
        slurmConf == null ? Map.of() : Map.of("SLURM_CONF", slurmConf));
  }

  RecordFile toRecord() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("job", job);
    values.put("createdAt", createdAt.toString());
    values.put("maxAttempts", Integer.toString(maxAttempts));
    values.put("timeoutMillis", Long.toString(timeoutMillis));
    values.put("memoryMib", Integer.toString(memoryMib));
    values.put("cpus", Integer.toString(cpus));
    values.put("retryBaseMillis", Long.toString(retryBaseMillis));
    values.put("graceMillis", Long.toString(graceMillis));
    values.put("idempotencyKey", idempotencyKey);
    values.put("java", java);
    values.put("jvmOptions", String.join(SEPARATOR, jvmOptions));
    values.put("classpathFile", classpathFile.toString());
    values.put("slurmBin", slurmBin);
    values.put("slurmConf", slurmConf);
    return RecordFile.of(values);
  }

  static RunSpec from(RecordFile record, Path file) {
    String options = record.get("jvmOptions");
    return new RunSpec(
        record.require("id", file),
        record.require("job", file),
        Instant.parse(record.require("createdAt", file)),
        Integer.parseInt(record.require("maxAttempts", file)),
        Long.parseLong(record.require("timeoutMillis", file)),
        Integer.parseInt(record.require("memoryMib", file)),
        Integer.parseInt(record.require("cpus", file)),
        record.getLong("retryBaseMillis", 1000),
        record.getLong("graceMillis", 10_000),
        record.get("idempotencyKey"),
        record.require("java", file),
        options == null || options.isEmpty()
            ? List.of()
            : Arrays.asList(options.split(SEPARATOR, -1)),
        Path.of(record.require("classpathFile", file)),
        record.get("slurmBin"),
        record.get("slurmConf"));
  }
}
