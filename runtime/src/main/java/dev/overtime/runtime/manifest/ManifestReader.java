package dev.overtime.runtime.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.runtime.DuplicateJobException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the manifests the annotation processor writes: the one place that finds them, for
 * deployment and for the CLI and console alike. {@link #fromClassPath} reads every {@code
 * META-INF/overtime/*.json} of an application's jars and classes directories; {@link #jobs} lists
 * their jobs and rejects a name defined twice.
 *
 * <pre>{@code
 * for (Manifest manifest : ManifestReader.fromJar(Path.of("app.jar"))) {
 *   for (ManifestJob job : manifest.jobs()) {
 *     System.out.println(job.name() + ": " + job.memoryMib() + " MiB");
 *   }
 * }
 * }</pre>
 */
public final class ManifestReader {
  /** The directory of manifests in a jar or on a class path. */
  public static final String DIRECTORY = "META-INF/overtime/";

  /** The classpath resource of the JSON Schema of the manifest format. */
  private static final String SCHEMA_RESOURCE = "META-INF/overtime/schema/manifest.schema.json";

  private static final Pattern MANIFEST_ENTRY = Pattern.compile("META-INF/overtime/[^/]+\\.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestReader() {}

  /**
   * Reads one manifest.
   *
   * @param source where it comes from, for messages; a jar entry ({@code app.jar!/META-INF/…}) or a
   *     resource name, from which its {@link Manifest#resource() resource} is taken
   * @throws ManifestFormatException if it is not a manifest this runtime can read
   */
  public static Manifest read(InputStream in, String source) throws IOException {
    int bang = source.indexOf("!/");
    return read(in, source, bang < 0 ? source : source.substring(bang + 2));
  }

  private static Manifest read(InputStream in, String source, String resource) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ManifestFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null) {
      throw new ManifestFormatException(source, "it is empty");
    }
    return new Fields(source, resource).manifest(root);
  }

  /** The manifests in an application jar, sorted by entry name. */
  public static List<Manifest> fromJar(Path jar) throws IOException {
    return fromClassPath(List.of(jar));
  }

  /**
   * The manifests of a class path: every {@code META-INF/overtime/*.json} of each entry, a jar or a
   * classes directory, in class path order and by name within an entry. As with a class loader, the
   * first entry holding a resource name wins. Entries that do not exist are skipped.
   *
   * @throws ManifestFormatException if a manifest is not one this runtime can read
   * @throws IOException if an entry cannot be read (for example, a file that is not a jar)
   */
  public static List<Manifest> fromClassPath(List<Path> entries) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        Path directory = entry.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
          continue;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
          files =
              listing
                  .filter(
                      file ->
                          Files.isRegularFile(file)
                              && file.getFileName().toString().endsWith(".json"))
                  .sorted()
                  .toList();
        }
        for (Path file : files) {
          String resource = DIRECTORY + file.getFileName();
          if (seen.add(resource)) {
            try (InputStream in = Files.newInputStream(file)) {
              manifests.add(read(in, file.toString(), resource));
            }
          }
        }
      } else if (Files.exists(entry)) {
        try (JarFile file = new JarFile(entry.toFile())) {
          List<JarEntry> jarEntries = Collections.list(file.entries());
          jarEntries.sort((a, b) -> a.getName().compareTo(b.getName()));
          for (JarEntry jarEntry : jarEntries) {
            if (MANIFEST_ENTRY.matcher(jarEntry.getName()).matches()
                && seen.add(jarEntry.getName())) {
              try (InputStream in = file.getInputStream(jarEntry)) {
                manifests.add(read(in, entry + "!/" + jarEntry.getName(), jarEntry.getName()));
              }
            }
          }
        }
      }
    }
    return manifests;
  }

  /**
   * The jobs of {@code manifests}, sorted by name.
   *
   * @throws DuplicateJobException for a job name in two manifests, naming both handlers and
   *     manifests
   */
  public static List<ManifestJob> jobs(List<Manifest> manifests) {
    Map<String, ManifestJob> jobs = new TreeMap<>();
    Map<String, Manifest> owners = new TreeMap<>();
    for (Manifest manifest : manifests) {
      for (ManifestJob job : manifest.jobs()) {
        ManifestJob previous = jobs.putIfAbsent(job.name(), job);
        if (previous != null) {
          throw new DuplicateJobException(
              job.name(),
              previous.handlerClass() + " (" + owners.get(job.name()).source() + ")",
              job.handlerClass() + " (" + manifest.source() + ")");
        }
        owners.put(job.name(), manifest);
      }
    }
    return List.copyOf(jobs.values());
  }

  /** The JSON Schema of the manifest format, as shipped in this runtime. */
  public static JsonNode schema() {
    try (InputStream in =
        ManifestReader.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            SCHEMA_RESOURCE + " is missing from the Overtime runtime jar");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads typed fields and names the JSON path of anything missing or mistyped. */
  private static final class Fields {
    private final String source;
    private final String resource;

    Fields(String source, String resource) {
      this.source = source;
      this.resource = resource;
    }

    Manifest manifest(JsonNode root) {
      object(root, "$");
      int version = integer(root, "$", "formatVersion");
      if (version != Manifest.FORMAT_VERSION) {
        throw new ManifestFormatException(
            source,
            "formatVersion "
                + version
                + " is not supported; "
                + "this runtime reads version "
                + Manifest.FORMAT_VERSION
                + ". Build the application and "
                + "deploy it with the same Overtime version.");
      }
      JsonNode jobs = field(root, "$", "jobs");
      if (!jobs.isArray()) {
        throw new ManifestFormatException(source, "$.jobs must be an array");
      }
      List<ManifestJob> list = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        list.add(job(jobs.get(i), "$.jobs[" + i + "]"));
      }
      return new Manifest(
          source,
          resource,
          version,
          text(root, "$", "package"),
          text(root, "$", "registry"),
          list,
          root);
    }

    private ManifestJob job(JsonNode job, String path) {
      object(job, path);
      JsonNode timeout = object(field(job, path, "timeout"), path + ".timeout");
      JsonNode memory = object(field(job, path, "memory"), path + ".memory");
      JsonNode cpu = object(field(job, path, "cpu"), path + ".cpu");
      return new ManifestJob(
          text(job, path, "name"),
          text(job, path, "handlerClass"),
          text(job, path, "entrypoint"),
          type(job, path, "payload"),
          type(job, path, "result"),
          integer(timeout, path + ".timeout", "seconds"),
          text(timeout, path + ".timeout", "declared"),
          integer(memory, path + ".memory", "mib"),
          text(memory, path + ".memory", "declared"),
          integer(cpu, path + ".cpu", "units"),
          text(cpu, path + ".cpu", "declared"),
          integer(job, path, "retries"),
          job.has("concurrency") ? integer(job, path, "concurrency") : 0,
          schedules(job, path));
    }

    private List<ManifestSchedule> schedules(JsonNode job, String path) {
      JsonNode schedules = job.get("schedules");
      if (schedules == null || schedules.isNull()) {
        return List.of();
      }
      if (!schedules.isArray()) {
        throw new ManifestFormatException(source, path + ".schedules must be an array");
      }
      List<ManifestSchedule> list = new ArrayList<>();
      for (int i = 0; i < schedules.size(); i++) {
        String at = path + ".schedules[" + i + "]";
        JsonNode schedule = object(schedules.get(i), at);
        list.add(
            new ManifestSchedule(
                text(schedule, at, "id"),
                integer(schedule, at, "index"),
                text(schedule, at, "declared"),
                text(schedule, at, "cron"),
                text(schedule, at, "zone"),
                text(schedule, at, "payload")));
      }
      return list;
    }

    private ManifestType type(JsonNode job, String path, String name) {
      JsonNode type = object(field(job, path, name), path + "." + name);
      return new ManifestType(
          text(type, path + "." + name, "javaType"),
          object(field(type, path + "." + name, "schema"), path + "." + name + ".schema"));
    }

    private JsonNode field(JsonNode node, String path, String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw new ManifestFormatException(source, path + "." + name + " is missing");
      }
      return value;
    }

    private JsonNode object(JsonNode node, String path) {
      if (!node.isObject()) {
        throw new ManifestFormatException(source, path + " must be an object");
      }
      return node;
    }

    private String text(JsonNode node, String path, String name) {
      JsonNode value = field(node, path, name);
      if (!value.isTextual()) {
        throw new ManifestFormatException(source, path + "." + name + " must be a string");
      }
      return value.asText();
    }

    private int integer(JsonNode node, String path, String name) {
      JsonNode value = field(node, path, name);
      if (!value.isInt()) {
        throw new ManifestFormatException(source, path + "." + name + " must be an integer");
      }
      return value.asInt();
    }
  }
}
