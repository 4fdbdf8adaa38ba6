package dev.overtime.tests.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What a {@code local-sleep} run left in its marker file: pid, child pid, start and end times. */
record Marker(long pid, long childPid, long start, long end) {

  static Path file(Path directory, String runId, int attempt) {
    return directory.resolve(runId + "-" + attempt + ".marker");
  }

  static Marker read(Path file) {
    try {
      Map<String, Long> values = new HashMap<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2) {
          values.put(parts[0], Long.parseLong(parts[1]));
        }
      }
      return new Marker(
          values.getOrDefault("pid", 0L),
          values.getOrDefault("child", 0L),
          values.getOrDefault("start", 0L),
          values.getOrDefault("end", 0L));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the file exists and the run has recorded its start. */
  static boolean started(Path file) {
    return Files.exists(file) && read(file).start() > 0;
  }

  boolean finished() {
    return end > 0;
  }
}
