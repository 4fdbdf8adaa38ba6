package dev.overtime.bench;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark 5: 200 short runs ({@code start-probe}) submitted at once to a local engine with
 * concurrency 2 (default child options), total wall time from the first {@code run()} to the last
 * run seen SUCCEEDED, against the lower bound that start latency sets: 200 × (one run's time) / 2,
 * with one run's time measured in the same invocation, alone, just before. For reference, 200 bare
 * {@code java -cp <dir> Hello} processes two at a time.
 *
 * <pre>java -cp ... dev.overtime.bench.Throughput [runs=200] [concurrency=2]</pre>
 */
public final class Throughput {
  private Throughput() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("hello"));
    System.out.println(
        "## throughput: "
            + runs
            + " runs, concurrency "
            + concurrency
            + ", child options "
            + LocalEngine.DEFAULT_JVM_OPTIONS
            + " + CDS archive");
    try (ProbeEngine engine =
        ProbeEngine.open(
            "engine",
            workspace.fresh("throughput"),
            LocalEngine.DEFAULT_JVM_OPTIONS,
            concurrency)) {
      for (int i = 0; i < 3; i++) {
        engine.runOne(-1); // warm-up; the first writes the class-data archive
      }
      Samples toHandler = new Samples("run() → handler first line");
      Samples toSucceeded = new Samples("run() → SUCCEEDED seen");
      Samples bareExit = new Samples("bare Hello start → exit");
      for (int i = 0; i < 10; i++) {
        ProbeEngine.Start start = engine.runOne(i);
        toHandler.add(start.toHandlerMillis());
        toSucceeded.add(start.toSucceededMillis());
        bareExit.add(bare.start(List.of()).toExitMillis());
      }
      System.out.println(
          "single runs, measured first (ms): to first line "
              + toHandler.raw()
              + ", to SUCCEEDED "
              + toSucceeded.raw()
              + ", bare Hello to exit "
              + bareExit.raw());

      long begin = System.nanoTime();
      List<JobRun<Integer>> submitted = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        submitted.add(engine.submit(i));
      }
      double submitMillis = (System.nanoTime() - begin) / 1e6;
      for (JobRun<Integer> run : submitted) {
        engine.await(run);
      }
      double wallMillis = (System.nanoTime() - begin) / 1e6;
      System.out.println("load average after the engine burst: " + Machine.loadAverage());

      long bareBegin = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      List<Future<BareJvm.Start>> bares = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        bares.add(pool.submit(() -> bare.start(List.of())));
      }
      for (Future<BareJvm.Start> start : bares) {
        start.get();
      }
      pool.shutdown();
      double bareWallMillis = (System.nanoTime() - bareBegin) / 1e6;

      double boundStart = runs * toHandler.median() / concurrency;
      double boundRun = runs * toSucceeded.median() / concurrency;
      System.out.println();
      System.out.println("| measure | ms |");
      System.out.println("|---|---:|");
      System.out.println(
          "| submitting "
              + runs
              + " runs (all run() calls) | "
              + Samples.format(submitMillis)
              + " |");
      System.out.println(
          "| wall time, first run() to last SUCCEEDED | " + Samples.format(wallMillis) + " |");
      System.out.println(
          "| lower bound "
              + runs
              + " × start p50 ("
              + Samples.format(toHandler.median())
              + ") / "
              + concurrency
              + " | "
              + Samples.format(boundStart)
              + " |");
      System.out.println(
          "| lower bound "
              + runs
              + " × whole-run p50 ("
              + Samples.format(toSucceeded.median())
              + ") / "
              + concurrency
              + " | "
              + Samples.format(boundRun)
              + " |");
      System.out.println(
          "| "
              + runs
              + " bare Hello JVMs, "
              + concurrency
              + " at a time | "
              + Samples.format(bareWallMillis)
              + " |");
      System.out.println();
      System.out.println(
          "wall / start bound: "
              + Samples.ratio(wallMillis / boundStart)
              + "; wall / whole-run bound: "
              + Samples.ratio(wallMillis / boundRun)
              + "; wall / bare JVMs: "
              + Samples.ratio(wallMillis / bareWallMillis)
              + "; runs/s: "
              + Samples.format(runs / (wallMillis / 1e3)));
    }
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }
}
