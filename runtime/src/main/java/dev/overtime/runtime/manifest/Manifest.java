package dev.overtime.runtime.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest of one compilation, as the annotation processor wrote it to {@code
 * META-INF/overtime/<package>.json}. Read it with {@link ManifestReader}.
 *
 * @param source where it was read from, for messages (a resource path or a jar entry)
 * @param resource its resource name, e.g. {@code META-INF/overtime/com.example.json}, which the
 *     generated registry's {@code manifestResource()} names
 * @param formatVersion the format version, 1
 * @param packageName the package of the generated {@code Jobs}
 * @param registry the generated registry class
 * @param jobs the jobs, sorted by name
 * @param document the manifest exactly as the processor wrote it, for tools that show it
 */
public record Manifest(
    String source,
    String resource,
    int formatVersion,
    String packageName,
    String registry,
    List<ManifestJob> jobs,
    JsonNode document) {
  /** The format version this runtime reads. */
  static final int FORMAT_VERSION = 1;

  public Manifest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(registry, "registry");
    jobs = List.copyOf(jobs);
  }

  /** The job with this name. */
  public Optional<ManifestJob> job(String name) {
    return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
  }
}
