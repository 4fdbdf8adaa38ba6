package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Greeting;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** On a class path of jars, the first run leaves a class-data archive that later runs use. */
@Timeout(120)
class ClassDataSharingTest {
  @TempDir Path home;
  @TempDir Path jars;

  @AfterEach
  void cleanUp() {
    ChildProcesses.killDescendants();
  }

  @Test
  void firstRunOnAJarClassPathLeavesAnArchiveThatLaterRunsUseQuietly() throws Exception {
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(1)
            .console(null)
            .classpath(asJars(System.getProperty("java.class.path")))
            .build()) {
      JobRun<String> first =
          Jobs.localGreet(engine).run(new Greeting("Ada", 1)).await(Duration.ofSeconds(60));
      assertEquals(RunStatus.SUCCEEDED, first.status(), first.toString());
      List<Path> archives = archives();
      assertEquals(1, archives.size(), archives.toString());

      JobRun<String> second =
          Jobs.localGreet(engine).run(new Greeting("Bo", 1)).await(Duration.ofSeconds(60));

      assertEquals("Hello, Bo!", second.result());
      String log = Files.readString(engine.logFile(second.id()));
      assertFalse(log.contains("cds"), log);
      assertEquals(archives, archives(), "the archive is reused, not made again");
    }
  }

  @Test
  void aClassPathWithDirectoriesGetsAnArchiveThroughJarsOfThem() throws Exception {
    String classpath = System.getProperty("java.class.path");
    assertTrue(
        java.util.Arrays.stream(classpath.split(File.pathSeparator))
            .anyMatch(entry -> Files.isDirectory(Path.of(entry))),
        "the test class path has directories (target/test-classes): " + classpath);
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(1)
            .console(null)
            .warmJvms(0)
            .classpath(classpath)
            .build()) {
      JobRun<String> first =
          Jobs.localGreet(engine).run(new Greeting("Ada", 1)).await(Duration.ofSeconds(60));
      assertEquals(RunStatus.SUCCEEDED, first.status(), first.toString());
      List<Path> archives = archives();
      assertEquals(1, archives.size(), archives.toString());
      try (Stream<Path> jars = Files.list(home.resolve("cds").resolve("dirs"))) {
        assertTrue(
            jars.anyMatch(jar -> jar.getFileName().toString().startsWith("test-classes-")),
            "target/test-classes became a jar");
      }

      JobRun<String> second =
          Jobs.localGreet(engine).run(new Greeting("Bo", 1)).await(Duration.ofSeconds(60));

      assertEquals("Hello, Bo!", second.result());
      assertFalse(Files.readString(engine.logFile(second.id())).contains("cds"));
      assertEquals(archives, archives(), "the archive is reused, not made again");
    }
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("cds"))) {
      return files.filter(file -> file.toString().endsWith(".jsa")).toList();
    }
  }

  /** The class path with every directory replaced by a jar of its contents. */
  private String asJars(String classpath) throws IOException {
    List<String> entries = new ArrayList<>();
    int index = 0;
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        Path jar = jars.resolve("entry-" + index++ + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
            Stream<Path> files = Files.walk(path)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            out.putNextEntry(
                new JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
            try (OutputStream entryOut = new NonClosing(out)) {
              Files.copy(file, entryOut);
            }
            out.closeEntry();
          }
        }
        entries.add(jar.toString());
      } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        entries.add(entry);
      }
    }
    assertTrue(entries.stream().allMatch(e -> e.endsWith(".jar")));
    return String.join(File.pathSeparator, entries);
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
