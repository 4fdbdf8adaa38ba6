package dev.overtime.aws.deploy;

import dev.overtime.runtime.DuplicateJobException;
import dev.overtime.runtime.manifest.Manifest;
import dev.overtime.runtime.manifest.ManifestFormatException;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The jobs of an application jar or classes directory, read by the runtime's {@link ManifestReader}
 * (the same reader the CLI and console use), with every failure turned into a {@link
 * DeploymentException} that says what to pass instead.
 */
public final class ManifestJobs {
  private ManifestJobs() {}

  /**
   * The jobs, sorted by name.
   *
   * @throws DeploymentException when the file is missing, unreadable, holds no manifest, a manifest
   *     is malformed, or a job name is defined twice
   */
  public static List<ManifestJob> read(Path application) {
    if (!Files.exists(application)) {
      throw new DeploymentException(
          "[overtime.no-app] "
              + application
              + " does not exist; pass the application jar built by 'mvn package' (the one whose"
              + " classes were compiled with overtime-processor).");
    }
    List<Manifest> manifests;
    try {
      manifests = ManifestReader.fromClassPath(List.of(application));
    } catch (ManifestFormatException e) {
      throw new DeploymentException(
          "[overtime.bad-manifest] "
              + e.getMessage()
              + " Rebuild the application with the same Overtime version as this CLI.",
          e);
    } catch (IOException e) {
      throw new DeploymentException(
          "[overtime.no-app] Cannot read "
              + application
              + ": "
              + e.getMessage()
              + ". Pass a jar or a classes directory.",
          e);
    }
    List<ManifestJob> jobs;
    try {
      jobs = ManifestReader.jobs(manifests);
    } catch (DuplicateJobException e) {
      throw new DeploymentException(e.getMessage(), e);
    }
    if (jobs.isEmpty()) {
      throw new DeploymentException(
          "[overtime.no-jobs] "
              + application
              + " holds no job manifest under "
              + ManifestReader.DIRECTORY
              + ". Compile the handlers with overtime-processor (annotationProcessorPaths) "
              + "and pass the jar that holds them.");
    }
    return jobs;
  }
}
