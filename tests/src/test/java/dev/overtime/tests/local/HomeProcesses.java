package dev.overtime.tests.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes a home's runs and supervisor started, found by pid in the home's files ({@code
 * supervisor.pid}, the launch claims), so a test can end the ones re-parented away from it.
 */
final class HomeProcesses {
  private HomeProcesses() {}

  /** The pid in {@code supervisor.pid} (the latest supervisor that took the home). */
  static Optional<Long> supervisorPid(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("supervisor.pid"))) {
        if (line.startsWith("pid ")) {
          return Optional.of(Long.parseLong(line.substring(4).trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // None yet.
    }
    return Optional.empty();
  }

  /** The pids in every launch claim of every run of the home. */
  static List<Long> attemptPids(Path home) {
    List<Long> pids = new ArrayList<>();
    Path runs = home.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return pids;
    }
    try (Stream<Path> files = Files.walk(runs, 2)) {
      for (Path claim :
          files.filter(file -> file.getFileName().toString().endsWith(".claim")).toList()) {
        for (String line : Files.readAllLines(claim)) {
          if (line.startsWith("pid ")) {
            pids.add(Long.parseLong(line.substring(4).trim()));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // What was found is killed.
    }
    return pids;
  }

  /** The pids in the launch claims of run {@code runId}. */
  static List<Long> attemptPids(Path home, String runId) {
    List<Long> pids = new ArrayList<>();
    Path run = home.resolve("runs").resolve(runId);
    if (!Files.isDirectory(run)) {
      return pids;
    }
    try (Stream<Path> files = Files.list(run)) {
      for (Path claim :
          files.filter(file -> file.getFileName().toString().endsWith(".claim")).toList()) {
        for (String line : Files.readAllLines(claim)) {
          if (line.startsWith("pid ")) {
            pids.add(Long.parseLong(line.substring(4).trim()));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not yet (a claim is renamed into place whole).
    }
    return pids;
  }

  /** SIGKILL to the home's supervisor and attempts, then to every descendant of this JVM. */
  static void killAll(Path home) {
    List<Long> pids = new ArrayList<>(attemptPids(home));
    supervisorPid(home).ifPresent(pids::add);
    ChildProcesses.kill(pids);
    ChildProcesses.killDescendants();
  }

  /** Sends SIGKILL to {@code pid} and waits until it is gone. */
  static void kill9(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Conditions.waitUntil(
        "process " + pid + " is gone",
        java.time.Duration.ofSeconds(20),
        () -> !ChildProcesses.isAlive(pid));
  }

  /** How many times the handler of a {@code local-sleep} run executed. */
  static int executions(Path markers, String runId) {
    Path file = markers.resolve(runId + ".executions");
    try {
      return Files.exists(file) ? (int) Files.readAllLines(file).stream().count() : 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
