package dev.overtime.engine.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies new lines of running runs' log files to the console, each prefixed with {@code [job runId]
 * }, the way {@code sst dev} shows job output in its terminal. Children write their log file
 * directly (so it survives a crash of this JVM); this follows the files.
 */
final class ConsoleEcho {
  private static final int MAX_LINE_BYTES = 64 * 1024;

  private final PrintStream console;
  private final Map<String, Tail> tails = new ConcurrentHashMap<>();

  ConsoleEcho(PrintStream console) {
    this.console = console;
  }

  boolean enabled() {
    return console != null;
  }

  /** Starts following {@code log} from byte {@code offset}. */
  void follow(String runId, String job, Path log, long offset) {
    if (console != null) {
      tails.put(runId, new Tail("[" + job + " " + runId + "] ", log, offset));
    }
  }

  /**
   * Prints what is left of the run's log and stops following it; returns once all of it is printed,
   * also when another thread is finishing the same run (the echo timer, while {@code await}
   * returns): the tail is removed only after its last drain, and drains take turns, so no caller
   * returns while the run's last lines are still on their way to the console.
   */
  void finish(String runId) {
    Tail tail = tails.get(runId);
    if (tail != null) {
      tail.drain(true);
      tails.remove(runId, tail);
    }
  }

  /** Prints the new complete lines of every followed log. */
  void poll() {
    for (Tail tail : tails.values()) {
      tail.drain(false);
    }
  }

  private final class Tail {
    private final String prefix;
    private final Path log;
    private long offset;
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

    Tail(String prefix, Path log, long offset) {
      this.prefix = prefix;
      this.log = log;
      this.offset = offset;
    }

    synchronized void drain(boolean last) {
      try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
        long length = file.length();
        byte[] buffer = new byte[8192];
        while (offset < length) {
          file.seek(offset);
          int read = file.read(buffer, 0, (int) Math.min(buffer.length, length - offset));
          if (read <= 0) {
            break;
          }
          offset += read;
          for (int i = 0; i < read; i++) {
            byte b = buffer[i];
            if (b == '\n' || partial.size() >= MAX_LINE_BYTES) {
              emit();
              if (b == '\n') {
                continue;
              }
            }
            partial.write(b);
          }
        }
      } catch (IOException e) {
        // The log may not exist yet or was removed; the file keeps what the console misses.
      }
      if (last && partial.size() > 0) {
        emit();
      }
    }

    private void emit() {
      String line = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      synchronized (console) {
        console.println(prefix + line);
      }
    }
  }
}
