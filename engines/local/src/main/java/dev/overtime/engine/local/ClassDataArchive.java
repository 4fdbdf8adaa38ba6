package dev.overtime.engine.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the runs' JVMs: the first run on a class path dumps the
 * classes it loaded (the bootstrap, Jackson, the job) into an archive under {@code
 * OVERTIME_HOME/cds/}, and later runs map that archive instead of loading and verifying those
 * classes again, which roughly halves their start-up. An archive is keyed by the JDK and by every
 * class path entry's path, size and modification time, so a rebuilt jar gets a new archive.
 *
 * <p>The JVM (17 and 25 alike) refuses to archive, or even to start with a dump requested, when the
 * class path holds a non-empty directory. So a directory (an IDE's or {@code mvn exec}'s {@code
 * target/classes}) is copied into a jar under {@code cds/dirs/}, named by the directory's path and
 * every file's path, size and modification time, and the run's JVM gets that jar in its place; a
 * recompiled directory gets a new jar. See {@link DirectoryJar}.
 *
 * <p>Each rebuild publishes a new archive (about 9 MB for a small application), so an archive is
 * named {@code <application>-<build>.jsa}, where the application part stands for the class path's
 * entries as given (their paths, not their contents), and publishing one keeps only the {@link
 * #KEEP} newest of its application and deletes the rest. A JVM that already mapped a deleted
 * archive keeps its mapping; one about to start without the file starts without sharing.
 */
final class ClassDataArchive {
  /** Archives kept per application: the current build and a couple to switch back to. */
  static final int KEEP = 3;

  // Archives named before they were grouped by application: a bare 24-digit key.
  private static final Pattern UNGROUPED = Pattern.compile("[0-9a-f]{24}\\.jsa");

  private final Path directory;
  private final Set<String> dumping = ConcurrentHashMap.newKeySet();

  ClassDataArchive(Path directory) {
    this.directory = directory;
  }

  /** A dump in progress: the file the run's JVM writes at exit, and where it goes when complete. */
  record Dump(String key, Path temporary, Path archive, String application) {}

  /**
   * What a run needs: JVM options, the class path to start it with (directories replaced by their
   * jars; null for the run's own), and the dump to {@link #finish} when the run's process ends.
   */
  record Plan(List<String> options, Dump dump, String classpath) {
    static final Plan NONE = new Plan(List.of(), null, null);

    Plan(List<String> options, Dump dump) {
      this(options, dump, null);
    }

    /** This plan, starting the run on {@code classpath} instead of its own. */
    Plan on(String classpath) {
      return new Plan(options, dump, classpath);
    }
  }

  Plan plan(String classpath, String runId) {
    String jars = DirectoryJar.withJars(classpath, directory.resolve("dirs"));
    if (jars == null) {
      return Plan.NONE;
    }
    Plan plan = planForJars(jars, application(classpath), runId);
    return plan == Plan.NONE || jars.equals(classpath) ? plan : plan.on(jars);
  }

  private Plan planForJars(String classpath, String application, String runId) {
    String build = key(classpath);
    if (build == null) {
      return Plan.NONE;
    }
    String key = application + "-" + build;
    Path archive = directory.resolve(key + ".jsa");
    if (Files.isRegularFile(archive)) {
      return new Plan(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"), null);
    }
    if (!dumping.add(key)) {
      return Plan.NONE;
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      dumping.remove(key);
      return Plan.NONE;
    }
    Path temporary = directory.resolve(key + "." + runId + ".jsa.tmp");
    return new Plan(
        List.of("-XX:ArchiveClassesAtExit=" + temporary, "-Xlog:cds*=off"),
        new Dump(key, temporary, archive, application));
  }

  /**
   * The application part of an archive's name: the class path's entries as given, so that every
   * rebuild of the same application shares it (a directory's jar, renamed per compile, does not
   * count; the directory does).
   */
  static String application(String classpath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String entry : classpath.split(File.pathSeparator)) {
        update(digest, Path.of(entry).toAbsolutePath().normalize().toString());
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 6);
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      return "any";
    }
  }

  /** Deletes all but the {@link #KEEP} newest archives of {@code application}. */
  void prune(String application) {
    if (application == null) {
      return;
    }
    List<Path> archives;
    try (Stream<Path> files = Files.list(directory)) {
      archives =
          files
              .filter(
                  file -> {
                    String name = file.getFileName().toString();
                    return (name.startsWith(application + "-") && name.endsWith(".jsa"))
                        || UNGROUPED.matcher(name).matches();
                  })
              .sorted(Comparator.comparing(ClassDataArchive::modified).reversed())
              .collect(Collectors.toList());
    } catch (IOException e) {
      return;
    }
    int kept = 0;
    for (Path archive : archives) {
      boolean ours = archive.getFileName().toString().startsWith(application + "-");
      if (ours && kept < KEEP) {
        kept++;
        continue;
      }
      try {
        Files.deleteIfExists(archive);
      } catch (IOException e) {
        // Only disk space is at stake; the next publication tries again.
      }
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Publishes a complete dump (a JVM that was killed or halted writes none). */
  void finish(Dump dump) {
    if (dump == null) {
      return;
    }
    try {
      if (Files.isRegularFile(dump.temporary()) && Files.size(dump.temporary()) > 0) {
        try {
          Files.move(dump.temporary(), dump.archive(), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(dump.temporary(), dump.archive(), StandardCopyOption.REPLACE_EXISTING);
        }
        prune(dump.application());
      }
    } catch (IOException e) {
      // Another engine may have published one first; either way the next run tries again.
    } finally {
      try {
        Files.deleteIfExists(dump.temporary());
      } catch (IOException e) {
        // Only disk space is at stake.
      }
      dumping.remove(dump.key());
    }
  }

  /** The archive key of a class path of existing jars; null if any entry is something else. */
  static String key(String classpath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, System.getProperty("java.home"));
      update(digest, System.getProperty("java.vm.version"));
      for (String entry : classpath.split(File.pathSeparator)) {
        Path jar = Path.of(entry).toAbsolutePath();
        if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
          return null;
        }
        update(digest, jar.toString());
        update(digest, Long.toString(Files.size(jar)));
        update(digest, Long.toString(Files.getLastModifiedTime(jar).toMillis()));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      return null;
    }
  }

  private static void update(MessageDigest digest, String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
