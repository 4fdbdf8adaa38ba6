package dev.overtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the figures were measured on: processors, memory, CPU model, JDK, date, load average and the
 * file system the databases and run homes live on. Every benchmark prints it first and the load
 * average again last, because on a shared machine the load explains the spread.
 */
public final class Machine {
  private Machine() {}

  public static void describe(Path workDirectory) {
    System.out.println("## machine");
    System.out.println("date (UTC):   " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    System.out.println("processors:   " + Runtime.getRuntime().availableProcessors());
    System.out.println("memory:       " + firstLine("/proc/meminfo", "MemTotal:"));
    System.out.println("cpu:          " + firstLine("/proc/cpuinfo", "model name"));
    System.out.println(
        "jdk:          "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.home")
            + ")");
    System.out.println(
        "os:           " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      System.out.println(
          "work dir:     " + workDirectory + " on " + Files.getFileStore(workDirectory));
    } catch (IOException e) {
      System.out.println("work dir:     " + workDirectory);
    }
    System.out.println("load average: " + loadAverage());
    System.out.println();
  }

  /** The 1, 5 and 15 minute load averages, e.g. {@code 3.12 2.80 2.41}. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstLine(String file, String prefix) {
    try (var lines = Files.lines(Path.of(file))) {
      return lines
          .filter(line -> line.startsWith(prefix))
          .findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
