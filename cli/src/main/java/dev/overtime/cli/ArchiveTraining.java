package dev.overtime.cli;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tooling.runs.LocalRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the command that dumps the CLI's class-data archive does after its own work: the launcher
 * sets {@value #PROPERTY}{@code =dump} on the one JVM that writes the archive when it exits (see
 * the {@code overtime} script), and that JVM then runs the commands that read a local home ({@code
 * runs}, {@code status}, each also with {@code --json}; as {@link Main} runs them, directly, and
 * through picocli), output discarded, so that the archive holds their classes (the SQLite driver,
 * the store, the tables and JSON) whichever command happened to be the first after a build; a first
 * {@code overtime jobs} would otherwise leave every later {@code overtime runs} loading the driver
 * from the jar.
 *
 * <p>They read the home the first command named (read-only, as {@code overtime runs} does) when it
 * has a database, else a temporary home made for the purpose and deleted afterwards. They change
 * nothing in a home, start no supervisor and print nothing; the first command's output and exit
 * code are its own.
 */
final class ArchiveTraining {
  /** The system property, {@code dump} on the JVM that writes the archive. */
  static final String PROPERTY = "overtime.cli.archive";

  private ArchiveTraining() {}

  /** Runs the reading commands when this JVM dumps the archive; otherwise does nothing. */
  static void runIfDumping(String[] args, Map<String, String> environment) {
    if (!"dump".equals(System.getProperty(PROPERTY))) {
      return;
    }
    Path temporary = null;
    try {
      Path home = HomePreload.home(List.of(args), environment);
      if (home == null || !Files.isRegularFile(home.resolve("runs.db"))) {
        temporary = Files.createTempDirectory("overtime-cli-archive-");
        home = temporary.resolve("home");
        LocalRuns.open(home, null).close(); // a database with its schema, and no runs
      }
      String where = home.toAbsolutePath().toString();
      run("runs", "--engine", LocalEngine.NAME, "--home", where);
      run("runs", "--json", "--engine", LocalEngine.NAME, "--home", where);
      String id = "01AAAAAAAAAAAAAAAAAAAAAAAA"; // well-formed and unknown: the "not found" path
      try (LocalRunReader reader = LocalRunReader.open(home)) {
        List<RunRecord> newest = reader.list(null, null, 1);
        if (!newest.isEmpty()) {
          id = newest.get(0).id();
        }
      }
      run("status", id, "--engine", LocalEngine.NAME, "--home", where);
      run("status", id, "--json", "--engine", LocalEngine.NAME, "--home", where);
    } catch (IOException | RuntimeException | LinkageError e) {
      // Training only: the archive holds fewer classes, nothing else changes.
    } finally {
      if (temporary != null) {
        delete(temporary);
      }
    }
  }

  /** Runs the command line as {@link Main} does, and through picocli too. */
  private static void run(String... args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    OvertimeCli.execute(args, Map.of(), Terminal.plain(), discard, discard);
    CommandLine commandLine = OvertimeCli.commandLine(Terminal.plain(), args);
    commandLine.setOut(discard);
    commandLine.setErr(discard);
    commandLine.execute(args);
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | InvalidPathException e) {
      // A temporary directory: the system cleans it eventually.
    }
  }
}
