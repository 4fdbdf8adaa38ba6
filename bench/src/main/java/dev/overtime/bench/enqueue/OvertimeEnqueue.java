package dev.overtime.bench.enqueue;

import dev.overtime.bench.EngineTeardown;
import dev.overtime.bench.Workspace;
import dev.overtime.bench.jobs.HoldPayload;
import dev.overtime.bench.jobs.Jobs;
import dev.overtime.bench.jobs.ProbePayload;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 2, Overtime's side: {@code Jobs.startProbe(engine).run(payload)} on the local engine,
 * which returns once the run is committed to SQLite ({@code runs.db}, WAL, synchronous=NORMAL).
 *
 * <p>No run may start a process while this is measured: the engine has one slot, taken by a {@code
 * hold} run (an idle child JVM started before measuring), so every measured run stays QUEUED,
 * exactly as when an application's slots are all busy. Torn down: the engine closed, the home's
 * supervisor stopped and its child JVMs ended (cancelling the hold run would start every queued run
 * after the trial), and the home deleted.
 */
@State(Scope.Benchmark)
public class OvertimeEnqueue {
  private Path home;
  private LocalEngine engine;
  private JobClient<ProbePayload, Integer> probe;
  private String holdRun;
  private final AtomicInteger sequence = new AtomicInteger();

  @Setup(Level.Trial)
  public void open() {
    home =
        Workspace.fromSystemProperties().fresh("enqueue-overtime-" + ProcessHandle.current().pid());
    engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(1)
            .console(null)
            .classpath(Workspace.jobClasspath())
            .build();
    JobRun<String> hold = Jobs.hold(engine).run(new HoldPayload("enqueue benchmark"));
    holdRun = hold.id();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (hold.refresh().status() == RunStatus.QUEUED) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The hold run did not start within 2 minutes; log " + engine.logFile(holdRun));
      }
      Thread.onSpinWait();
    }
    if (hold.refresh().status() != RunStatus.RUNNING) {
      throw new IllegalStateException(
          "The hold run ended " + hold.refresh().status() + "; log " + engine.logFile(holdRun));
    }
    probe = Jobs.startProbe(engine);
  }

  @Benchmark
  public JobRun<Integer> run() {
    return probe.run(new ProbePayload(sequence.incrementAndGet()));
  }

  @TearDown(Level.Trial)
  public void close() {
    long queued = engine.list("start-probe", RunStatus.QUEUED, Integer.MAX_VALUE).size();
    System.out.println(
        "\n[overtime] runs still queued (none started) at the end of the trial: " + queued);
    engine.close();
    EngineTeardown.stopSupervisor(home);
    Workspace.delete(home);
  }
}
