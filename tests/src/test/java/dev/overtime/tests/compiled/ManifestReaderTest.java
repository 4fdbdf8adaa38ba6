package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.manifest.Manifest;
import dev.overtime.runtime.manifest.ManifestFormatException;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the fixtures' manifest from the class path, from a jar, and rejecting broken ones. */
class ManifestReaderTest {
  private static final String RESOURCE = "META-INF/overtime/dev.overtime.tests.fixtures.json";

  @Test
  void readsTheFixturesManifestFromTheClassPath() throws Exception {
    List<Manifest> manifests =
        ManifestReader.fromClassPath(
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .toList());

    Manifest fixtures =
        manifests.stream()
            .filter(manifest -> manifest.packageName().equals("dev.overtime.tests.fixtures"))
            .findFirst()
            .orElseThrow();
    ManifestJob factorial = fixtures.job("factorial").orElseThrow();
    assertEquals(RESOURCE, fixtures.resource());
    assertEquals("dev.overtime.tests.fixtures.JobsRegistry", fixtures.registry());
    assertEquals("dev.overtime.tests.fixtures.math.Factorial", factorial.handlerClass());
    assertEquals("dev.overtime.bootstrap.Main", factorial.entrypoint());
    assertEquals(Duration.ofHours(1), factorial.timeout());
    assertEquals("7 GB", factorial.memoryDeclared());
    assertEquals(7168, factorial.memoryMib());
    assertEquals(1024, factorial.cpuUnits());
    assertEquals("java.math.BigInteger", factorial.result().javaType());
    assertEquals("integer", factorial.result().schema().get("type").asText());
  }

  @Test
  void readsManifestsFromAJar(@TempDir Path temp) throws Exception {
    Path jar = temp.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream manifest = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      out.putNextEntry(new JarEntry(RESOURCE));
      manifest.transferTo(out);
      out.putNextEntry(new JarEntry("META-INF/overtime/schema/manifest.schema.json"));
      write(out, "{}");
    }

    List<Manifest> manifests = ManifestReader.fromJar(jar);

    assertEquals(1, manifests.size());
    assertEquals(jar + "!/" + RESOURCE, manifests.get(0).source());
    List<String> names = manifests.get(0).jobs().stream().map(ManifestJob::name).toList();
    assertTrue(
        names.containsAll(
            List.of("factorial", "fibonacci", "headings", "purge-drafts", "word-count")),
        names::toString);
    assertEquals(names.stream().sorted().toList(), names, "jobs are sorted by name");
  }

  @Test
  void missingFieldIsAnErrorNamingItsPath() {
    String json =
        "{\"formatVersion\": 1, \"package\": \"p\", \"registry\": \"p.JobsRegistry\", "
            + "\"jobs\": [{\"name\": \"a\"}]}";

    ManifestFormatException error =
        assertThrows(
            ManifestFormatException.class, () -> ManifestReader.read(stream(json), "test.json"));

    assertEquals(
        "Cannot read the Overtime manifest test.json: $.jobs[0].timeout is missing",
        error.getMessage());
  }

  @Test
  void newerFormatVersionIsAnErrorSayingWhatToDo() {
    ManifestFormatException error =
        assertThrows(
            ManifestFormatException.class,
            () -> ManifestReader.read(stream("{\"formatVersion\": 2}"), "test.json"));

    assertEquals(
        "Cannot read the Overtime manifest test.json: formatVersion 2 is not supported; this"
            + " runtime reads version 1. Build the application and deploy it with the same Overtime"
            + " version.",
        error.getMessage());
  }

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(OutputStream out, String text) throws java.io.IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
