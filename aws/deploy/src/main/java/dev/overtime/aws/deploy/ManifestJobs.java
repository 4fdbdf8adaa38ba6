package dev.overtime.aws.deploy;

import dev.overtime.runtime.manifest.Manifest;
import dev.overtime.runtime.manifest.ManifestFormatException;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the jobs of every manifest ({@code META-INF/overtime/*.json}) in an application jar or
 * classes directory. A job name found twice is an error naming both manifests.
 */
public final class ManifestJobs {
  private static final String DIRECTORY = ManifestReader.DIRECTORY;

  private ManifestJobs() {}

  /**
   * The jobs, sorted by name.
   *
   * @throws DeploymentException when the file is missing, unreadable, holds no manifest, or a manifest is malformed
   */
  public static List<DeployableJob> read(Path application) {
    if (!Files.exists(application)) {
      throw new DeploymentException("[overtime.no-app] " + application + " does not exist; pass the application "
          + "jar built by 'mvn package' (the one whose classes were compiled with overtime-processor).");
    }
    Map<String, DeployableJob> jobs = new TreeMap<>();
    try {
      if (Files.isDirectory(application)) {
        Path directory = application.resolve(DIRECTORY);
        if (Files.isDirectory(directory)) {
          try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
              add(jobs, parse(Files.readAllBytes(file), file.toString()));
            }
          }
        }
      } else {
        try (JarFile jar = new JarFile(application.toFile())) {
          List<JarEntry> manifests = new ArrayList<>();
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.startsWith(DIRECTORY) && name.endsWith(".json") && name.indexOf('/', DIRECTORY.length()) < 0) {
              manifests.add(entry);
            }
          }
          manifests.sort((a, b) -> a.getName().compareTo(b.getName()));
          for (JarEntry entry : manifests) {
            try (InputStream in = jar.getInputStream(entry)) {
              add(jobs, parse(in.readAllBytes(), application.getFileName() + "!/" + entry.getName()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new DeploymentException("[overtime.no-app] Cannot read " + application + ": " + e.getMessage()
          + ". Pass a jar or a classes directory.", e);
    }
    if (jobs.isEmpty()) {
      throw new DeploymentException("[overtime.no-jobs] " + application + " holds no job manifest under "
          + DIRECTORY + ". Compile the handlers with overtime-processor (annotationProcessorPaths) and pass "
          + "the jar that holds them.");
    }
    return List.copyOf(jobs.values());
  }

  private static void add(Map<String, DeployableJob> jobs, List<DeployableJob> found) {
    for (DeployableJob job : found) {
      DeployableJob previous = jobs.putIfAbsent(job.name(), job);
      if (previous != null) {
        throw new DeploymentException("[overtime.duplicate-name] Job '" + job.name() + "' is defined by "
            + previous.handlerClass() + " (" + previous.manifest() + ") and by " + job.handlerClass() + " ("
            + job.manifest() + "). Rename one of them.");
      }
    }
  }

  /** The jobs of one manifest document, through the runtime's {@link ManifestReader}. */
  static List<DeployableJob> parse(byte[] document, String source) {
    Manifest manifest;
    try {
      manifest = ManifestReader.read(new ByteArrayInputStream(document), source);
    } catch (ManifestFormatException e) {
      throw new DeploymentException("[overtime.bad-manifest] " + e.getMessage()
          + " Rebuild the application with the same Overtime version as this CLI.", e);
    } catch (IOException e) {
      throw malformed(source, e.getMessage());
    }
    List<DeployableJob> jobs = new ArrayList<>();
    for (ManifestJob job : manifest.jobs()) {
      jobs.add(new DeployableJob(job.name(), job.handlerClass(), job.cpuUnits(), job.memoryMib(),
          job.timeoutSeconds(), job.retries(), source));
    }
    return jobs;
  }

  private static DeploymentException malformed(String source, String problem) {
    return new DeploymentException("[overtime.bad-manifest] " + source + ": " + problem
        + ". Rebuild the application with the same Overtime version as this CLI.");
  }
}
