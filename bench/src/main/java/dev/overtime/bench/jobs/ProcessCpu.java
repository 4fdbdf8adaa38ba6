package dev.overtime.bench.jobs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * The CPU time this process has used so far, as Linux accounts it, read by the process itself at
 * the line being measured (the {@code start-probe} handler's first line, a bare JVM's first line of
 * {@code main}): nothing outside the process can read it at that instant. It reads {@code /proc}
 * with {@code java.io} only, classes every JVM has loaded before {@code main}, so that reading it
 * costs both sides the same few hundred microseconds.
 *
 * <p>Two readings: the sum of the first field of {@code /proc/self/task/<tid>/schedstat} (the
 * nanoseconds each live thread ran on a CPU), and {@code utime + stime} of {@code /proc/self/stat}
 * (user and system time of all threads, ended ones included, in clock ticks of 10 ms).
 */
public final class ProcessCpu {
  /** {@code USER_HZ}: Linux reports {@code /proc/<pid>/stat} times in hundredths of a second. */
  private static final long MILLIS_PER_TICK = 10;

  private ProcessCpu() {}

  /** The CPU time of this process's live threads in nanoseconds, or -1 where unknown. */
  public static long threadNanos() {
    String[] tasks = new File("/proc/self/task").list();
    if (tasks == null) {
      return -1;
    }
    long total = 0;
    for (String task : tasks) {
      String line = read("/proc/self/task/" + task + "/schedstat");
      if (line == null) {
        continue; // the thread ended meanwhile
      }
      int end = line.indexOf(' ');
      total += Long.parseLong(end < 0 ? line.trim() : line.substring(0, end));
    }
    return total;
  }

  /** User plus system time of this process in milliseconds (10 ms steps), or -1 where unknown. */
  public static long statMillis() {
    String stat = read("/proc/self/stat");
    if (stat == null) {
      return -1;
    }
    // Fields after the command name, which is in parentheses and may hold spaces: the state is
    // field 3, utime field 14 and stime field 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
  }

  /** Both readings, as the probes print them: {@code cpu-ns=<n> stat-ms=<m>}. */
  public static String describe() {
    long nanos = threadNanos();
    return "cpu-ns=" + nanos + " stat-ms=" + statMillis();
  }

  /**
   * The {@code cpu-ns} reading of a line printed with {@link #describe()}, in milliseconds; NaN if
   * the line has none.
   */
  public static double threadMillisIn(String line) {
    return field(line, "cpu-ns=") / 1e6;
  }

  /** The {@code stat-ms} reading of a line printed with {@link #describe()}; NaN if none. */
  public static double statMillisIn(String line) {
    return field(line, "stat-ms=");
  }

  private static double field(String line, String name) {
    int at = line.indexOf(name);
    if (at < 0) {
      return Double.NaN;
    }
    int start = at + name.length();
    int end = line.indexOf(' ', start);
    long value =
        Long.parseLong(end < 0 ? line.substring(start).trim() : line.substring(start, end));
    return value < 0 ? Double.NaN : value;
  }

  private static String read(String file) {
    try (FileInputStream in = new FileInputStream(file)) {
      byte[] bytes = in.readAllBytes();
      return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
  }
}
