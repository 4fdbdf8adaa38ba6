package dev.overtime.bench;

import dev.overtime.bench.jobs.StartProbe;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a benchmark reads and writes: the work directory (system property {@code bench.work},
 * default {@code bench/target/work}), and the class path of a job process, which is the bench jar
 * plus {@code target/app-lib} (Overtime, Jackson, SQLite: what an application's jobs need, without
 * JMH or JobRunr). Job processes only get class-data sharing on a class path made of jars.
 */
public final class Workspace {
  private final Path root;

  private Workspace(Path root) {
    this.root = root;
  }

  public static Workspace fromSystemProperties() {
    Path root =
        Path.of(System.getProperty("bench.work", "bench/target/work")).toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the work directory " + root, e);
    }
    return new Workspace(root);
  }

  public Path root() {
    return root;
  }

  /** A new empty directory under the work directory, removing an old one of that name. */
  public Path fresh(String name) {
    Path directory = root.resolve(name);
    delete(directory);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + directory, e);
    }
    return directory;
  }

  /** The bench jar and the jars of {@code target/app-lib}, joined with the path separator. */
  public static String jobClasspath() {
    Path benchJar;
    try {
      benchJar =
          Path.of(StartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!benchJar.toString().endsWith(".jar")) {
      throw new IllegalStateException(
          "The benchmarks must run from the bench jar (bench/run.sh builds it),"
              + " not from "
              + benchJar
              + ": job processes get class-data sharing only on a class path of jars");
    }
    Path appLib = benchJar.getParent().resolve("app-lib");
    try (Stream<Path> jars = Files.list(appLib)) {
      List<String> entries =
          jars.filter(jar -> jar.toString().endsWith(".jar"))
              .sorted()
              .map(Path::toString)
              .collect(Collectors.toList());
      entries.add(0, benchJar.toString());
      return String.join(File.pathSeparator, entries);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No " + appLib + "; build with bench/run.sh (mvn package -pl bench -am)", e);
    }
  }

  /** The {@code java} launcher of this JDK, the one the local engine starts its runs with. */
  public static String javaLauncher() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + directory, e);
    }
  }
}
