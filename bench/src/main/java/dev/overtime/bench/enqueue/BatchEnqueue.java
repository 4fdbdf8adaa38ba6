package dev.overtime.bench.enqueue;

import dev.overtime.bench.EngineTeardown;
import dev.overtime.bench.Machine;
import dev.overtime.bench.Samples;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 9: {@code runAll(List)} against one-at-a-time {@code run()} on the local engine, from
 * one thread, side by side: each round records {@code singleRuns} runs with {@code run()} and
 * {@code batchRuns} runs with {@code runAll} in batches of {@code batch}, the order alternating per
 * round (fewer one-at-a-time runs, so that a round takes seconds, not minutes, on a loaded
 * machine). As in {@link OvertimeEnqueue}, the engine's one slot is taken by a {@code hold} run
 * first, so no measured run starts a process.
 *
 * <pre>
 * java -cp ... dev.overtime.bench.enqueue.BatchEnqueue [rounds=5] [singleRuns=2000] [batchRuns=20000] [batch=1000]
 * </pre>
 */
public final class BatchEnqueue {
  private BatchEnqueue() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int singleRuns = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int batchRuns = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    System.out.println(
        "## batch ("
            + rounds
            + " rounds of "
            + singleRuns
            + " runs with run() and "
            + batchRuns
            + " with runAll in batches of "
            + batch
            + ", one warm-up round, one thread)");
    Path home = workspace.fresh("batch-overtime-" + ProcessHandle.current().pid());
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(1)
            .console(null)
            .classpath(Workspace.jobClasspath())
            .build()) {
      holdTheSlot(engine);
      JobClient<ProbePayload, Integer> probe = Jobs.startProbe(engine);
      Samples single = new Samples("run()");
      Samples batched = new Samples("runAll");
      int sequence = 0;
      for (int round = 0; round <= rounds; round++) {
        boolean singleFirst = round % 2 == 0;
        for (int variant = 0; variant < 2; variant++) {
          boolean isSingle = (variant == 0) == singleFirst;
          int runs = isSingle ? singleRuns : batchRuns;
          long start = System.nanoTime();
          if (isSingle) {
            for (int i = 0; i < runs; i++) {
              probe.run(new ProbePayload(++sequence));
            }
          } else {
            for (int done = 0; done < runs; done += batch) {
              List<ProbePayload> payloads = new ArrayList<>(batch);
              for (int i = 0; i < Math.min(batch, runs - done); i++) {
                payloads.add(new ProbePayload(++sequence));
              }
              probe.runAll(payloads);
            }
          }
          double perSecond = runs / ((System.nanoTime() - start) / 1e9);
          if (round > 0) {
            (isSingle ? single : batched).add(perSecond);
          }
        }
        System.out.println(
            (round == 0 ? "warm-up" : "round " + round)
                + " done; load average "
                + Machine.loadAverage());
      }
      long queued = engine.list("start-probe", RunStatus.QUEUED, Integer.MAX_VALUE).size();
      System.out.println("runs still queued (none started) at the end: " + queued);
      System.out.println();
      System.out.println("| variant | runs/s median | min | max | raw (runs/s per round) |");
      System.out.println("|---|---:|---:|---:|---|");
      for (Samples samples : List.of(single, batched)) {
        System.out.println(
            "| "
                + samples.name()
                + " | "
                + Samples.format(samples.median())
                + " | "
                + Samples.format(samples.min())
                + " | "
                + Samples.format(samples.max())
                + " | "
                + samples.raw()
                + " |");
      }
      System.out.println(
          "runAll / run() (medians): " + Samples.ratio(batched.median() / single.median()));
    } finally {
      System.out.println("load average at the end: " + Machine.loadAverage());
      EngineTeardown.stopSupervisor(home);
      Workspace.delete(home);
    }
  }

  private static String holdTheSlot(LocalEngine engine) {
    JobRun<String> hold = Jobs.hold(engine).run(new HoldPayload("batch benchmark"));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (hold.refresh().status() == RunStatus.QUEUED) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The hold run did not start within 2 minutes; log " + engine.logFile(hold.id()));
      }
      Thread.onSpinWait();
    }
    if (hold.refresh().status() != RunStatus.RUNNING) {
      throw new IllegalStateException(
          "The hold run ended " + hold.refresh().status() + "; log " + engine.logFile(hold.id()));
    }
    return hold.id();
  }
}
