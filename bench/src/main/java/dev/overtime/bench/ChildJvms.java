package dev.overtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** This JVM's descendant processes as Linux shows them: arguments, resident set, CPU time. */
public final class ChildJvms {
  private ChildJvms() {}

  /**
   * Descendants (the warm JVMs are the home supervisor's children) whose command line holds {@code
   * argument} (read from /proc: it is not cut short).
   */
  public static List<ProcessHandle> withArgument(String argument) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(child -> arguments(child).contains(argument))
        .toList();
  }

  public static List<String> arguments(ProcessHandle process) {
    try {
      return List.of(
          Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The resident set in KiB ({@code VmRSS} in /proc/pid/status), or -1 when gone. */
  public static long residentKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Waits until {@code process} has used no CPU for {@code quiet} (it finished its start-up and
   * blocks), at most {@code limit}; true if it became quiet.
   */
  public static boolean awaitQuiet(ProcessHandle process, Duration quiet, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    Duration last = process.info().totalCpuDuration().orElse(Duration.ZERO);
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline && process.isAlive()) {
      sleep(20);
      Duration now = process.info().totalCpuDuration().orElse(Duration.ZERO);
      if (!now.equals(last)) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
        return true;
      }
    }
    return false;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
