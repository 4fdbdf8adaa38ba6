package dev.overtime.bench;

import dev.overtime.bench.jobs.ProcessCpu;
import dev.overtime.bench.jobs.StartProbe;
import dev.overtime.contract.RunContract;
import dev.overtime.engine.local.LocalEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark 3b: the CPU time and the wall time a start costs up to the handler's first line,
 * against a bare JVM's up to the first line of its {@code main} (target: at most 1.5 times a bare
 * JVM's CPU). The CPU time is what the process itself reads at that line ({@link ProcessCpu}: the
 * nanoseconds its live threads ran, and user + system time in 10 ms steps), the same code on both
 * sides; the CPU a whole start costs to its exit is in {@link StartLatency}'s by-hand table.
 *
 * <p>Variants, one start of each per round, the order rotating from round to round: a bare {@code
 * java -cp dir CpuHello}, the same with the child JVM options of the local engine, the bootstrap
 * started by hand with the run contract in its environment (as the supervisor starts it, without
 * the supervisor's part) with the default options and class-data archive and with no options, and a
 * cold run through a local engine (warm starts off), whose wall time runs from {@code run()}
 * returning to the handler's first line.
 *
 * <pre>java -cp ... dev.overtime.bench.BootstrapCpu [rounds=20] [warmup=3]</pre>
 */
public final class BootstrapCpu {
  private BootstrapCpu() {}

  /** One start: wall time to the first line, CPU time at it (threads' ns; stat's 10 ms steps). */
  private record Measured(double wallMillis, double cpuMillis, double statMillis) {}

  private interface Variant {
    Measured start(int round);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("cpu-hello"));
    ProbeEngine engine =
        ProbeEngine.open(
            "engine, cold, defaults (flags + CDS archive)",
            workspace.fresh("cpu-engine"),
            LocalEngine.DEFAULT_JVM_OPTIONS,
            1);
    Path scratch = workspace.fresh("cpu-by-hand");

    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("bare java -cp dir CpuHello", round -> bare(bare, List.of()));
    variants.put(
        "bare java, the engine's child options",
        round -> bare(bare, LocalEngine.DEFAULT_JVM_OPTIONS));
    variants.put(
        "bootstrap by hand, defaults (flags + CDS archive)",
        round -> byHand(concat(LocalEngine.DEFAULT_JVM_OPTIONS, archive(engine)), scratch, round));
    variants.put("bootstrap by hand, no options", round -> byHand(List.of(), scratch, round));
    variants.put(
        engine.name(),
        round -> {
          ProbeEngine.Start start = engine.runOne(round);
          return new Measured(
              start.toHandlerMillis(),
              ProcessCpu.threadMillisIn(start.handlerLine()),
              ProcessCpu.statMillisIn(start.handlerLine()));
        });

    System.out.println("## bootstrap CPU and wall time to the handler's first line");
    System.out.println("default child JVM options: " + LocalEngine.DEFAULT_JVM_OPTIONS);
    System.out.println(
        "job class path: bench jar + target/app-lib ("
            + Workspace.jobClasspath().split(":").length
            + " jars)");
    System.out.println(
        "rounds: "
            + rounds
            + " measured after "
            + warmup
            + " warm-up rounds (the first engine run writes the archive the by-hand starts use);"
            + " variant order rotates each round");
    System.out.println();

    Map<String, Samples> wall = new LinkedHashMap<>();
    Map<String, Samples> cpu = new LinkedHashMap<>();
    Map<String, Samples> stat = new LinkedHashMap<>();
    variants
        .keySet()
        .forEach(
            name -> {
              wall.put(name, new Samples(name));
              cpu.put(name, new Samples(name));
              stat.put(name, new Samples(name));
            });
    List<String> names = new ArrayList<>(variants.keySet());
    try {
      for (int round = 1; round <= warmup + rounds; round++) {
        for (int i = 0; i < names.size(); i++) {
          // The engine goes first in the first round: it writes the archive.
          String name = names.get(Math.floorMod(i + names.size() - round, names.size()));
          Measured measured = variants.get(name).start(round);
          if (round > warmup) {
            wall.get(name).add(measured.wallMillis());
            cpu.get(name).add(measured.cpuMillis());
            stat.get(name).add(measured.statMillis());
          }
        }
        if (round % 5 == 0) {
          System.out.println("round " + round + " done, load average " + Machine.loadAverage());
        }
      }
    } finally {
      engine.close();
    }

    String reference = names.get(0);
    double cpuReference = cpu.get(reference).median();
    double wallReference = wall.get(reference).median();
    System.out.println();
    System.out.println(
        "| variant | CPU to first line p50 ms | p90 ms | ratio p50 to bare | CPU (stat, 10 ms"
            + " steps) p50 ms | wall to first line p50 ms | wall ratio p50 to bare | target |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    for (String name : names) {
      System.out.println(
          "| "
              + name
              + " | "
              + Samples.format(cpu.get(name).median())
              + " | "
              + Samples.format(cpu.get(name).percentile(90))
              + " | "
              + Samples.ratio(cpu.get(name).median() / cpuReference)
              + " | "
              + Samples.format(stat.get(name).median())
              + " | "
              + Samples.format(wall.get(name).median())
              + " | "
              + Samples.ratio(wall.get(name).median() / wallReference)
              + " | "
              + (name.startsWith("bootstrap") || name.startsWith("engine") ? "CPU ≤ 1.5" : "")
              + " |");
    }
    System.out.println();
    System.out.println(
        "wall: bare and by hand from just before spawning the JVM, the engine from run()"
            + " returning; CPU: read by the process itself at its first line");
    System.out.println("raw CPU to first line (ms, measurement order):");
    cpu.forEach((name, samples) -> System.out.println("  " + name + ": " + samples.raw()));
    System.out.println("raw wall to first line (ms):");
    wall.forEach((name, samples) -> System.out.println("  " + name + ": " + samples.raw()));
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  private static Measured bare(BareJvm bare, List<String> options) {
    BareJvm.CpuStart start = bare.startMeasuringCpu(options);
    return new Measured(
        start.start().toMainMillis(), start.threadCpuMillis(), start.statCpuMillis());
  }

  /** The class-data archive the engine wrote for the job class path (none before its first run). */
  private static List<String> archive(ProbeEngine engine) {
    Path directory = engine.engine().home().resolve("cds");
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(Path::toString)
          .filter(file -> file.endsWith(".jsa"))
          .findFirst()
          .map(file -> List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds*=off"))
          .orElse(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bootstrap started as the supervisor starts it, the run contract in its environment. */
  private static Measured byHand(List<String> options, Path scratch, int round) {
    List<String> command = new ArrayList<>();
    command.add(Workspace.javaLauncher());
    command.addAll(options);
    command.addAll(
        List.of("-Xmx256m", "-cp", Workspace.jobClasspath(), RunContract.BOOTSTRAP_MAIN_CLASS));
    Path outcome = scratch.resolve("outcome-" + round + "-" + System.nanoTime() + ".json");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(RunContract.JOB, "start-probe");
    builder.environment().put(RunContract.RUN_ID, "by-hand-" + round);
    builder.environment().put(RunContract.ATTEMPT, "1");
    builder.environment().put(RunContract.PAYLOAD, "{\"n\": " + round + "}");
    builder.environment().put(RunContract.RESULT_URI, outcome.toUri().toString());
    try {
      long before = StartClock.now();
      Process process = builder.start();
      String first = null;
      StringBuilder output = new StringBuilder();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (first == null && line.startsWith(StartProbe.MARK)) {
            first = line;
          } else {
            output.append(line).append('\n');
          }
        }
      }
      int exit = process.waitFor();
      Files.deleteIfExists(outcome);
      if (exit != 0 || first == null) {
        throw new IllegalStateException(
            "the bootstrap exited with " + exit + " without its first line: " + output);
      }
      return new Measured(
          (StartProbe.micros(first) - before) / 1e3,
          ProcessCpu.threadMillisIn(first),
          ProcessCpu.statMillisIn(first));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
