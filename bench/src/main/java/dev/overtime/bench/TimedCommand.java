package dev.overtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command run under GNU {@code /usr/bin/time}, for what the load on a shared machine does not
 * change much: the CPU time (user + system) a process needed, and its maximum resident set.
 */
public final class TimedCommand {
  private TimedCommand() {}

  /** Wall and CPU time in milliseconds, maximum resident set in KiB. */
  public record Cost(double wallMillis, double cpuMillis, long maxResidentKb) {}

  public static Cost run(List<String> command, Map<String, String> environment, Path scratch) {
    try {
      Files.createDirectories(scratch);
      Path timeFile = scratch.resolve("time.txt");
      List<String> timed =
          new ArrayList<>(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%e %U %S %M"));
      timed.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(timed)
              .redirectErrorStream(true)
              .redirectOutput(scratch.resolve("out.log").toFile());
      builder.environment().putAll(environment);
      int exit = builder.start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "exit "
                + exit
                + " from "
                + String.join(" ", command)
                + "; see "
                + scratch.resolve("out.log"));
      }
      String last = Files.readString(timeFile).trim().lines().reduce((a, b) -> b).orElseThrow();
      String[] fields = last.trim().split("\\s+");
      return new Cost(
          Double.parseDouble(fields[0]) * 1e3,
          (Double.parseDouble(fields[1]) + Double.parseDouble(fields[2])) * 1e3,
          Long.parseLong(fields[3]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
