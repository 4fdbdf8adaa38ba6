package dev.overtime.bench.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.time.Instant;

/**
 * The shortest possible job: its first line prints the wall clock in microseconds, so the start
 * latency benchmark can measure from {@code run()} returning to the handler's first line, followed
 * by the CPU time its process has used up to that line ({@link ProcessCpu#describe()}): {@code
 * start-probe-at-micros <µs> cpu-ns=<ns> stat-ms=<ms>}.
 */
@JobHandler(value = "start-probe", timeout = "5 minutes", memory = "256 MB")
public final class StartProbe implements Job<ProbePayload, Integer> {
  /** The line the handler prints first, followed by the epoch time in microseconds. */
  public static final String MARK = "start-probe-at-micros ";

  @Override
  public Integer run(ProbePayload payload, JobContext context) {
    Instant now = Instant.now();
    String cpu = ProcessCpu.describe();
    System.out.println(
        MARK + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000) + " " + cpu);
    return payload.n();
  }

  /** The wall clock in microseconds of a line this handler printed first. */
  public static long micros(String line) {
    String rest = line.substring(MARK.length()).trim();
    int end = rest.indexOf(' ');
    return Long.parseLong(end < 0 ? rest : rest.substring(0, end));
  }
}
