package dev.overtime.bench;

import dev.overtime.bench.jobs.Jobs;
import dev.overtime.bench.jobs.ProbePayload;
import dev.overtime.bench.jobs.StartProbe;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local engine on its own home, running the {@code start-probe} job on the bench's job class path
 * with given child JVM options, and the measurements of its runs.
 */
public final class ProbeEngine implements AutoCloseable {
  private final String name;
  private final LocalEngine engine;
  private final JobClient<ProbePayload, Integer> probe;

  private ProbeEngine(String name, LocalEngine engine) {
    this.name = name;
    this.engine = engine;
    this.probe = Jobs.startProbe(engine);
  }

  /**
   * @param jvmOptions the child JVM options ({@link LocalEngine#DEFAULT_JVM_OPTIONS} turns the
   *     class-data sharing archive on; a list without {@code -Xshare:auto} turns it off)
   */
  public static ProbeEngine open(String name, Path home, List<String> jvmOptions, int concurrency) {
    return open(name, home, jvmOptions, concurrency, 0);
  }

  /**
   * @param warmJvms pre-started JVMs per launch spec ({@code OVERTIME_LOCAL_WARM_JVMS}); 0 starts
   *     every run cold
   */
  public static ProbeEngine open(
      String name, Path home, List<String> jvmOptions, int concurrency, int warmJvms) {
    LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(concurrency)
            .console(null)
            .classpath(Workspace.jobClasspath())
            .jvmOptions(jvmOptions)
            .warmJvms(warmJvms)
            .build();
    return new ProbeEngine(name, engine);
  }

  public String name() {
    return name;
  }

  public LocalEngine engine() {
    return engine;
  }

  /**
   * One run measured: how long {@code run()} took, from its return to the handler's first line, and
   * from its return to the run being seen SUCCEEDED; and the handler's first line itself, which
   * also holds the CPU time its process had used by then ({@link
   * dev.overtime.bench.jobs.ProcessCpu}).
   */
  public record Start(
      double runCallMillis, double toHandlerMillis, double toSucceededMillis, String handlerLine) {}

  /** Runs the probe alone and waits for it. */
  public Start runOne(int n) {
    long called = System.nanoTime();
    JobRun<Integer> run = probe.run(new ProbePayload(n));
    long returnedMicros = StartClock.now();
    long returned = System.nanoTime();
    await(run);
    double succeeded = (System.nanoTime() - returned) / 1e6;
    String line = handlerFirstLine(run.id());
    return new Start(
        (returned - called) / 1e6,
        (StartProbe.micros(line) - returnedMicros) / 1e3,
        succeeded,
        line);
  }

  /** Submits without waiting. */
  public JobRun<Integer> submit(int n) {
    return probe.run(new ProbePayload(n));
  }

  /** Waits until the run succeeded; fails naming its status and log otherwise. */
  public void await(JobRun<Integer> run) {
    JobRun<Integer> done = run.await(Duration.ofMinutes(2));
    if (done.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException(
          name
              + ": run "
              + run.id()
              + " ended "
              + done.status()
              + " "
              + done.error().map(Object::toString).orElse("")
              + "; log "
              + engine.logFile(run.id()));
    }
  }

  /** The wall clock (µs) the run's handler printed as its first line. */
  public long handlerStartMicros(String runId) {
    return StartProbe.micros(handlerFirstLine(runId));
  }

  /** The first line of the run's handler ({@link StartProbe#MARK}, time, CPU). */
  public String handlerFirstLine(String runId) {
    Path log = engine.logFile(runId);
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(StartProbe.MARK)) {
          return line;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("No '" + StartProbe.MARK.trim() + "' line in " + log);
  }

  @Override
  public void close() {
    engine.close();
  }
}
