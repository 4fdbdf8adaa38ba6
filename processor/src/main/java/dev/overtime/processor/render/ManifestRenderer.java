package dev.overtime.processor.render;

import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.ScheduleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the manifest, {@code META-INF/overtime/<package>.json}: every job with its handler,
 * payload and result schemas, resources and entrypoint. The format is documented in {@code
 * docs/manifest.md} and described by the JSON Schema the runtime ships.
 */
public final class ManifestRenderer {
  private ManifestRenderer() {}

  public static String render(CompilationModel compilation) {
    Map<String, Object> manifest = new TreeMap<>();
    manifest.put("formatVersion", CompilationModel.MANIFEST_FORMAT_VERSION);
    manifest.put("package", compilation.packageName());
    manifest.put("registry", compilation.registryClass().canonicalName());
    List<Object> jobs = new ArrayList<>();
    for (JobModel job : compilation.jobs()) {
      jobs.add(job(job));
    }
    manifest.put("jobs", jobs);
    return JsonWriter.write(manifest);
  }

  private static Map<String, Object> job(JobModel job) {
    Map<String, Object> entry = new TreeMap<>();
    entry.put("name", job.name());
    entry.put("handlerClass", job.handlerBinaryName());
    entry.put("entrypoint", CompilationModel.ENTRYPOINT);
    entry.put(
        "payload",
        Map.of("javaType", job.payload().canonicalName(), "schema", job.payloadSchema()));
    entry.put(
        "result", Map.of("javaType", job.result().canonicalName(), "schema", job.resultSchema()));
    entry.put(
        "timeout",
        Map.of(
            "seconds",
            job.resources().timeoutSeconds(),
            "declared",
            job.resources().timeoutDeclared()));
    entry.put(
        "memory",
        Map.of("mib", job.resources().memoryMib(), "declared", job.resources().memoryDeclared()));
    entry.put(
        "cpu",
        Map.of("units", job.resources().cpuUnits(), "declared", job.resources().cpuDeclared()));
    entry.put("retries", job.resources().retries());
    if (job.resources().concurrency() > 0) {
      // Only when declared: manifests of jobs without a per-job limit stay as they were.
      entry.put("concurrency", job.resources().concurrency());
    }
    if (!job.schedules().isEmpty()) {
      List<Object> schedules = new ArrayList<>();
      for (ScheduleModel schedule : job.schedules()) {
        Map<String, Object> item = new TreeMap<>();
        item.put("id", job.name() + "#" + schedule.index());
        item.put("index", schedule.index());
        item.put("declared", schedule.declared());
        item.put("cron", schedule.cron());
        item.put("zone", schedule.zone());
        item.put("payload", schedule.payload());
        schedules.add(item);
      }
      entry.put("schedules", schedules);
    }
    return entry;
  }
}
