package dev.overtime.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.DuplicateJobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding an application's manifests in its jars and classes directories, as deploy and the CLI do.
 */
class ManifestClassPathTest {
  @TempDir Path temp;

  @Test
  void readsEveryManifestOfJarsAndDirectoriesInClassPathOrder() throws IOException {
    Path jar =
        jar(
            "app.jar",
            Map.of(
                "META-INF/overtime/com.example.shop.json",
                manifest("com.example.shop", "checkout", "refund"),
                "META-INF/overtime/com.example.a.json",
                manifest("com.example.a", "audit"),
                "META-INF/overtime/schema/manifest.schema.json",
                "{}",
                "com/example/Thing.class",
                "not a manifest"));
    Path classes =
        directory(
            "classes",
            Map.of(
                "META-INF/overtime/com.example.local.json",
                manifest("com.example.local", "factorial"),
                "META-INF/overtime/notes.txt",
                "not a manifest"));

    List<Manifest> manifests = ManifestReader.fromClassPath(List.of(classes, jar));

    assertEquals(
        List.of(
            "META-INF/overtime/com.example.local.json",
            "META-INF/overtime/com.example.a.json",
            "META-INF/overtime/com.example.shop.json"),
        manifests.stream().map(Manifest::resource).toList());
    assertEquals(jar + "!/META-INF/overtime/com.example.a.json", manifests.get(1).source());
    assertEquals(
        classes.resolve("META-INF/overtime/com.example.local.json").toString(),
        manifests.get(0).source());
    assertEquals("com.example.shop", manifests.get(2).document().get("package").asText());
    assertEquals(
        List.of("audit", "checkout", "factorial", "refund"),
        ManifestReader.jobs(manifests).stream().map(ManifestJob::name).toList());
  }

  @Test
  void firstEntryHoldingAResourceWinsAsInAClassLoader() throws IOException {
    Path first =
        jar(
            "first.jar",
            Map.of("META-INF/overtime/com.example.json", manifest("com.example", "new-name")));
    Path second =
        jar(
            "second.jar",
            Map.of("META-INF/overtime/com.example.json", manifest("com.example", "old-name")));

    List<Manifest> manifests = ManifestReader.fromClassPath(List.of(first, second));

    assertEquals(1, manifests.size());
    assertEquals("new-name", manifests.get(0).jobs().get(0).name());
  }

  @Test
  void entriesThatDoNotExistAreSkippedLikeAClassLoaderDoes() throws IOException {
    assertEquals(
        List.of(), ManifestReader.fromClassPath(List.of(temp.resolve("missing.jar"), temp)));
  }

  @Test
  void aJobInTwoManifestsIsAnErrorNamingBothHandlersAndManifests() throws IOException {
    Path jar =
        jar(
            "app.jar",
            Map.of(
                "META-INF/overtime/a.json", manifest("a", "report"),
                "META-INF/overtime/b.json", manifest("b", "report")));
    List<Manifest> manifests = ManifestReader.fromClassPath(List.of(jar));

    DuplicateJobException e =
        assertThrows(DuplicateJobException.class, () -> ManifestReader.jobs(manifests));

    assertTrue(
        e.getMessage().startsWith("[overtime.duplicate-name] Job 'report' is defined twice"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("a.Report (" + jar + "!/META-INF/overtime/a.json)")
            && e.getMessage().contains("b.Report (" + jar + "!/META-INF/overtime/b.json)"),
        e.getMessage());
  }

  @Test
  void aBrokenManifestIsAnErrorNamingItsEntryAndPath() throws IOException {
    Path jar =
        jar("app.jar", Map.of("META-INF/overtime/a.json", "{\"formatVersion\": 1, \"jobs\": {}}"));

    ManifestFormatException e =
        assertThrows(
            ManifestFormatException.class, () -> ManifestReader.fromClassPath(List.of(jar)));

    assertEquals(
        "Cannot read the Overtime manifest "
            + jar
            + "!/META-INF/overtime/a.json: $.jobs must be an array",
        e.getMessage());
  }

  @Test
  void aFileThatIsNotAJarIsAnIoError() throws IOException {
    Path notAJar = Files.writeString(temp.resolve("notes.txt"), "hello");

    assertThrows(IOException.class, () -> ManifestReader.fromClassPath(List.of(notAJar)));
  }

  /** A manifest in the processor's format, its jobs handled by {@code <package>.<Name>}. */
  private static String manifest(String pkg, String... jobs) {
    StringBuilder list = new StringBuilder();
    for (String job : jobs) {
      if (list.length() > 0) {
        list.append(',');
      }
      String handler =
          pkg + "." + Character.toUpperCase(job.charAt(0)) + job.substring(1).replace("-", "");
      list.append(
          """
          {"name":"%s","handlerClass":"%s","entrypoint":"dev.overtime.bootstrap.Main",
           "payload":{"javaType":"java.lang.String","schema":{"type":"string"}},
           "result":{"javaType":"java.lang.Void","schema":{"type":"null"}},
           "timeout":{"seconds":3600,"declared":"1 hour"},"memory":{"mib":2048,"declared":"2 GB"},
           "cpu":{"units":1024,"declared":"1 vCPU"},"retries":0}\
          """
              .formatted(job, handler));
    }
    return "{\"formatVersion\":1,\"package\":\""
        + pkg
        + "\",\"registry\":\""
        + pkg
        + ".JobsRegistry\",\"jobs\":["
        + list
        + "]}";
  }

  private Path jar(String name, Map<String, String> entries) throws IOException {
    Path jar = temp.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private Path directory(String name, Map<String, String> files) throws IOException {
    Path directory = temp.resolve(name);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = directory.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return directory;
  }
}
