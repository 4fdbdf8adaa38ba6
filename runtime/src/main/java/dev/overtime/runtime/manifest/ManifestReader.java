package dev.overtime.runtime.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Reads the manifests the annotation processor writes, from a stream, from an application jar, or
 * from a class loader.
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
  private static final String REGISTRY_SERVICES = "META-INF/services/dev.overtime.runtime.internal.JobRegistry";
  private static final Pattern MANIFEST_ENTRY = Pattern.compile("META-INF/overtime/[^/]+\\.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestReader() {}

  /**
   * Reads one manifest.
   *
   * @param source where it comes from, for messages
   * @throws ManifestFormatException if it is not a manifest this runtime can read
   */
  public static Manifest read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ManifestFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    return new Fields(source).manifest(root);
  }

  /** The manifests in an application jar, sorted by entry name. */
  public static List<Manifest> fromJar(Path jar) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<JarEntry> entries = Collections.list(file.entries());
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (JarEntry entry : entries) {
        if (MANIFEST_ENTRY.matcher(entry.getName()).matches()) {
          try (InputStream in = file.getInputStream(entry)) {
            manifests.add(read(in, jar + "!/" + entry.getName()));
          }
        }
      }
    }
    return manifests;
  }

  /**
   * The manifests of every compilation visible to {@code loader}, found through the registries
   * listed in {@code META-INF/services/dev.overtime.runtime.internal.JobRegistry}: the registry
   * {@code com.example.JobsRegistry} has the manifest {@code META-INF/overtime/com.example.json}.
   * No class is loaded. Sorted by package.
   */
  public static List<Manifest> fromClassLoader(ClassLoader loader) throws IOException {
    Set<String> packages = new TreeSet<>();
    Enumeration<URL> services = loader.getResources(REGISTRY_SERVICES);
    while (services.hasMoreElements()) {
      URL url = services.nextElement();
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String registry = line.replaceAll("#.*", "").trim();
          int dot = registry.lastIndexOf('.');
          if (dot > 0) {
            packages.add(registry.substring(0, dot));
          }
        }
      }
    }
    List<Manifest> manifests = new ArrayList<>();
    for (String pkg : packages) {
      String resource = DIRECTORY + pkg + ".json";
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in != null) {
          manifests.add(read(in, resource));
        }
      }
    }
    return manifests;
  }

  /** The JSON Schema of the manifest format, as shipped in this runtime. */
  public static JsonNode schema() {
    try (InputStream in = ManifestReader.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the Overtime runtime jar");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads typed fields and names the JSON path of anything missing or mistyped. */
  private static final class Fields {
    private final String source;

    Fields(String source) {
      this.source = source;
    }

    Manifest manifest(JsonNode root) {
      object(root, "$");
      int version = integer(root, "$", "formatVersion");
      if (version != Manifest.FORMAT_VERSION) {
        throw new ManifestFormatException(source, "formatVersion " + version + " is not supported; "
            + "this runtime reads version " + Manifest.FORMAT_VERSION + ". Build the application and "
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
      return new Manifest(source, version, text(root, "$", "package"), text(root, "$", "registry"), list);
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
          integer(job, path, "retries"));
    }

    private ManifestType type(JsonNode job, String path, String name) {
      JsonNode type = object(field(job, path, name), path + "." + name);
      return new ManifestType(text(type, path + "." + name, "javaType"),
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
