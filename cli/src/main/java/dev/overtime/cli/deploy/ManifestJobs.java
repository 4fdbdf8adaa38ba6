package dev.overtime.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final String DIRECTORY = "META-INF/overtime/";
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** The jobs of one manifest document (format version 1, see docs/manifest.md). */
  static List<DeployableJob> parse(byte[] document, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw malformed(source, "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (root == null || !root.path("jobs").isArray()) {
      throw malformed(source, "no 'jobs' array");
    }
    List<DeployableJob> jobs = new ArrayList<>();
    int index = 0;
    for (JsonNode job : root.path("jobs")) {
      String at = "jobs[" + index++ + "]";
      String name = text(job, "name", source, at);
      jobs.add(new DeployableJob(name, text(job, "handlerClass", source, at),
          (int) number(job, source, at, "cpu", "units", "cpuUnits"),
          (int) number(job, source, at, "memory", "mib", "memoryMb"),
          number(job, source, at, "timeout", "seconds", "timeoutSeconds"),
          job.path("retries").asInt(0), source));
    }
    return jobs;
  }

  private static String text(JsonNode job, String field, String source, String at) {
    JsonNode value = job.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw malformed(source, at + "." + field + " is missing");
    }
    return value.asText();
  }

  // The processor writes {"cpu":{"declared":"1 vCPU","units":1024}}; a flat "cpuUnits" is accepted too.
  private static long number(JsonNode job, String source, String at, String object, String field, String flat) {
    JsonNode value = job.path(object).path(field);
    if (!value.canConvertToLong()) {
      value = job.path(flat);
    }
    if (!value.canConvertToLong() || value.asLong() <= 0) {
      throw malformed(source, at + "." + object + "." + field + " is missing or not a positive number");
    }
    return value.asLong();
  }

  private static DeploymentException malformed(String source, String problem) {
    return new DeploymentException("[overtime.bad-manifest] " + source + ": " + problem
        + ". Rebuild the application with the same Overtime version as this CLI.");
  }
}
