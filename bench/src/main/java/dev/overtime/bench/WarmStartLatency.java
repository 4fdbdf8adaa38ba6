package dev.overtime.bench;

import dev.overtime.engine.local.LocalEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm and cold starts against a bare JVM, in the same rounds: from {@code run()} returning to the
 * first line of the handler, for an engine with warm starts ({@code OVERTIME_LOCAL_WARM_JVMS=1})
 * and one without ({@code =0}), both with the default child options and class-data archive, and
 * {@code java -cp dir Hello} to its first line. The order rotates every round. Before each warm
 * start the benchmark waits until the engine's pre-started JVM is idle (done loading), as it is
 * when runs do not arrive back to back. Then the memory: the resident set of each idle warm JVM,
 * and of an idle process holding an open engine.
 *
 * <pre>java -cp ... dev.overtime.bench.WarmStartLatency [rounds=20] [warmup=3]</pre>
 */
public final class WarmStartLatency {
  private static final String BARE = "bare java -cp dir Hello";
  private static final String WARM = "engine, warm (OVERTIME_LOCAL_WARM_JVMS=1)";
  private static final String COLD = "engine, cold (OVERTIME_LOCAL_WARM_JVMS=0)";
  private static final String WARM_ARGUMENT = "--contract-on-stdin";

  private WarmStartLatency() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("warm-hello"));
    Samples idleWarmKb = new Samples("idle warm JVM, KiB");
    Samples supervisorKb = new Samples("idle supervisor, KiB");
    Path warmHome = workspace.fresh("warm-warm");
    Path coldHome = workspace.fresh("warm-cold");
    Map<String, Samples> toFirstLine = new LinkedHashMap<>();
    for (String name : List.of(BARE, WARM, COLD)) {
      toFirstLine.put(name, new Samples(name));
    }
    System.out.println("## warm and cold starts");
    System.out.println("child JVM options: " + LocalEngine.DEFAULT_JVM_OPTIONS + " + CDS archive");
    System.out.println(
        "rounds: " + rounds + " measured after " + warmup + " warm-up rounds; order rotates");
    try (ProbeEngine warm =
            ProbeEngine.open(WARM, warmHome, LocalEngine.DEFAULT_JVM_OPTIONS, 1, 1);
        ProbeEngine cold =
            ProbeEngine.open(COLD, coldHome, LocalEngine.DEFAULT_JVM_OPTIONS, 1, 0)) {
      List<Runnable> measurements = new ArrayList<>();
      int[] round = {0};
      measurements.add(
          () -> {
            double millis = bare.start(List.of()).toMainMillis();
            if (round[0] > warmup) {
              toFirstLine.get(BARE).add(millis);
            }
          });
      measurements.add(
          () -> {
            List<ProcessHandle> idle = ChildJvms.withArgument(WARM_ARGUMENT);
            for (ProcessHandle jvm : idle) {
              ChildJvms.awaitQuiet(jvm, Duration.ofMillis(200), Duration.ofSeconds(30));
              if (round[0] > warmup) {
                idleWarmKb.add(ChildJvms.residentKb(jvm.pid()));
              }
            }
            double millis = warm.runOne(round[0]).toHandlerMillis();
            if (round[0] > warmup) {
              toFirstLine.get(WARM).add(millis);
            }
          });
      measurements.add(
          () -> {
            double millis = cold.runOne(round[0]).toHandlerMillis();
            if (round[0] > warmup) {
              toFirstLine.get(COLD).add(millis);
            }
          });
      for (round[0] = 1; round[0] <= warmup + rounds; round[0]++) {
        for (int i = 0; i < measurements.size(); i++) {
          measurements.get((i + round[0]) % measurements.size()).run();
        }
        if (round[0] % 5 == 0) {
          System.out.println("round " + round[0] + " done, load average " + Machine.loadAverage());
        }
      }
      // Both homes' supervisors, idle: every run has ended.
      for (Path home : List.of(warmHome, coldHome)) {
        ProcessHandle supervisor = supervisorOf(home);
        ChildJvms.awaitQuiet(supervisor, Duration.ofMillis(500), Duration.ofSeconds(30));
        supervisorKb.add(ChildJvms.residentKb(supervisor.pid()));
      }
    }

    double reference = toFirstLine.get(BARE).median();
    System.out.println();
    System.out.println(
        "| variant | run() → first line p50 ms | p90 ms | min ms | ratio p50 to bare | target |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    Map<String, String> targets = Map.of(BARE, "", WARM, "≤ 0.25", COLD, "≤ 1.5");
    toFirstLine.forEach(
        (name, samples) ->
            System.out.println(
                "| "
                    + name
                    + " | "
                    + Samples.format(samples.median())
                    + " | "
                    + Samples.format(samples.percentile(90))
                    + " | "
                    + Samples.format(samples.min())
                    + " | "
                    + Samples.ratio(samples.median() / reference)
                    + " | "
                    + targets.get(name)
                    + " |"));
    System.out.println();
    toFirstLine.forEach(
        (name, samples) -> System.out.println("  raw, " + name + ": " + samples.raw()));

    System.out.println();
    System.out.println("## memory");
    System.out.println(
        "idle warm JVM resident set: p50 "
            + Samples.format(idleWarmKb.median() / 1024)
            + " MiB, max "
            + Samples.format(idleWarmKb.max() / 1024)
            + " MiB ("
            + idleWarmKb.count()
            + " samples, one per round, before it was taken)");
    System.out.println(
        "idle supervisor resident set (runs all ended; warm home, cold home): "
            + Samples.format(supervisorKb.min() / 1024)
            + " and "
            + Samples.format(supervisorKb.max() / 1024)
            + " MiB");
    Samples engineKb = idleEngineResidentKb(workspace, 3);
    System.out.println(
        "idle process with an open engine (no runs): p50 "
            + Samples.format(engineKb.median() / 1024)
            + " MiB, max "
            + Samples.format(engineKb.max() / 1024)
            + " MiB ("
            + engineKb.count()
            + " processes)");
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  /** The live supervisor of {@code home}, from the pid file it writes once it holds its lock. */
  private static ProcessHandle supervisorOf(Path home) throws IOException {
    // "pid <n>" and "start <millis>" lines.
    long pid =
        java.nio.file.Files.readAllLines(home.resolve("supervisor.pid")).stream()
            .filter(line -> line.startsWith("pid "))
            .mapToLong(line -> Long.parseLong(line.substring("pid ".length()).trim()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no pid line in supervisor.pid"));
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new IllegalStateException("no live supervisor for " + home));
  }

  /** Starts {@link IdleEngine} processes one after the other and reads their resident set. */
  private static Samples idleEngineResidentKb(Workspace workspace, int count) throws Exception {
    Samples samples = new Samples("idle engine, KiB");
    Path home = workspace.fresh("warm-idle-engine");
    for (int i = 0; i < count; i++) {
      Process process =
          new ProcessBuilder(
                  Workspace.javaLauncher(),
                  "-cp",
                  Workspace.jobClasspath(),
                  IdleEngine.class.getName(),
                  home.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        if (!IdleEngine.READY.equals(line)) {
          throw new IllegalStateException("IdleEngine said: " + line);
        }
        ChildJvms.awaitQuiet(process.toHandle(), Duration.ofMillis(500), Duration.ofSeconds(30));
        samples.add(ChildJvms.residentKb(process.pid()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        process.getOutputStream().close();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
    return samples;
  }
}
