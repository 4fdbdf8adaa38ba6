package dev.overtime.bench.enqueue;

import dev.overtime.bench.Machine;
import dev.overtime.bench.Samples;
import dev.overtime.bench.Workspace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Benchmark 2: runs the Overtime and JobRunr enqueue benchmarks with JMH, from 1 and 4 threads, in
 * throughput mode (runs/s) and sample mode (latency percentiles), and prints one table.
 *
 * <pre>
 * java -cp ... dev.overtime.bench.enqueue.EnqueueReport [iterationSeconds=2] [measurementIterations=5]
 * </pre>
 */
public final class EnqueueReport {
  private EnqueueReport() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    System.out.println(
        "## enqueue (JMH: 1 fork, 2 warm-up + "
            + iterations
            + " measured iterations of "
            + seconds
            + " s per benchmark)");
    List<String[]> rows = new ArrayList<>();
    for (int threads : new int[] {1, 4}) {
      for (Mode mode : new Mode[] {Mode.Throughput, Mode.SampleTime}) {
        Options options =
            new OptionsBuilder()
                .include(OvertimeEnqueue.class.getName() + ".run$")
                .include(JobRunrEnqueue.class.getName() + ".*")
                .mode(mode)
                .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
                .threads(threads)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Dbench.work=" + workspace.root(), "-Xmx1g")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult result : results) {
          String name = result.getParams().getBenchmark().replaceFirst("^.*\\.enqueue\\.", "");
          var primary = result.getPrimaryResult();
          if (mode == Mode.Throughput) {
            rows.add(
                new String[] {
                  name,
                  Integer.toString(threads),
                  "runs/s",
                  Samples.format(primary.getScore()),
                  Samples.format(primary.getScoreError()),
                  "",
                  "",
                  ""
                });
          } else {
            var statistics = primary.getStatistics();
            rows.add(
                new String[] {
                  name,
                  Integer.toString(threads),
                  "latency",
                  "",
                  "",
                  Samples.ratio(statistics.getPercentile(50) / 1e3),
                  Samples.ratio(statistics.getPercentile(99) / 1e3),
                  Samples.ratio(statistics.getPercentile(99.9) / 1e3)
                });
          }
        }
      }
      System.out.println(
          "load average after the " + threads + "-thread runs: " + Machine.loadAverage());
    }
    System.out.println();
    System.out.println(
        "| benchmark | threads | what | runs/s | ± (99.9% CI) | p50 ms | p99 ms | p99.9 ms |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
    for (String[] row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }
}
