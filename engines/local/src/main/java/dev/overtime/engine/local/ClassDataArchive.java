package dev.overtime.engine.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 */
final class ClassDataArchive {
  private final Path directory;
  private final Set<String> dumping = ConcurrentHashMap.newKeySet();

  ClassDataArchive(Path directory) {
    this.directory = directory;
  }

  /** A dump in progress: the file the run's JVM writes at exit, and where it goes when complete. */
  record Dump(String key, Path temporary, Path archive) {}

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
    Plan plan = planForJars(jars, runId);
    return plan == Plan.NONE || jars.equals(classpath) ? plan : plan.on(jars);
  }

  private Plan planForJars(String classpath, String runId) {
    String key = key(classpath);
    if (key == null) {
      return Plan.NONE;
    }
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
        new Dump(key, temporary, archive));
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
