package dev.overtime.bench;

import dev.overtime.contract.RunContract;
import dev.overtime.engine.local.LocalEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: from {@code run()} returning to the first line of the handler in its child process,
 * against a bare {@code java -cp <dir> Hello} measured in the same rounds. Every round starts one
 * process of each variant, the order rotating from round to round, so that a change of load on the
 * machine hits all variants alike. Variants of the engine differ only in the child JVM options: the
 * defaults (fast-start flags and the class-data sharing archive per class path), the flags without
 * the archive, the archive without the flags, and no options at all (a plain JVM).
 *
 * <pre>java -cp ... dev.overtime.bench.StartLatency [rounds=20] [warmup=3]</pre>
 */
public final class StartLatency {
  /**
   * The same starts by hand under {@code /usr/bin/time}: the CPU time a start needs changes far
   * less with the machine's load than its wall time, so it shows where the time goes.
   */
  private static void cpuCost(Workspace workspace, BareJvm bare, Path defaultsHome, int rounds) {
    String archive;
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.list(defaultsHome.resolve("cds"))) {
      archive =
          files.map(Path::toString).filter(file -> file.endsWith(".jsa")).findFirst().orElse(null);
    } catch (java.io.IOException e) {
      archive = null;
    }
    List<String> cds =
        archive == null ? List.of() : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
    Map<String, List<String>> bootstrapOptions = new LinkedHashMap<>();
    bootstrapOptions.put(
        "bootstrap start-probe, defaults (flags + CDS archive"
            + (archive == null ? " MISSING" : "")
            + ")",
        concat(LocalEngine.DEFAULT_JVM_OPTIONS, cds));
    bootstrapOptions.put(
        "bootstrap start-probe, defaults + -XX:-UsePerfData",
        concat(concat(LocalEngine.DEFAULT_JVM_OPTIONS, cds), List.of("-XX:-UsePerfData")));
    bootstrapOptions.put("bootstrap start-probe, flags, no app CDS", FAST_FLAGS);
    bootstrapOptions.put("bootstrap start-probe, no options", List.of());
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(
        "bare java -cp dir Hello",
        List.of(Workspace.javaLauncher(), "-cp", bare.directory().toString(), "Hello"));
    bootstrapOptions.forEach(
        (name, options) ->
            commands.put(
                name,
                concat(
                    concat(List.of(Workspace.javaLauncher()), options),
                    List.of(
                        "-Xmx256m",
                        "-cp",
                        Workspace.jobClasspath(),
                        RunContract.BOOTSTRAP_MAIN_CLASS))));
    Path scratch = workspace.root().resolve("start-by-hand");
    Map<String, String> contract =
        Map.of(
            RunContract.JOB,
            "start-probe",
            RunContract.RUN_ID,
            "by-hand",
            RunContract.ATTEMPT,
            "1",
            RunContract.PAYLOAD,
            "{\"n\": 1}",
            RunContract.RESULT_URI,
            scratch.resolve("outcome.json").toUri().toString());
    Map<String, Samples> wall = new LinkedHashMap<>();
    Map<String, Samples> cpu = new LinkedHashMap<>();
    commands
        .keySet()
        .forEach(
            name -> {
              wall.put(name, new Samples(name));
              cpu.put(name, new Samples(name));
            });
    for (int round = 0; round <= rounds; round++) {
      for (Map.Entry<String, List<String>> command : commands.entrySet()) {
        TimedCommand.Cost cost = TimedCommand.run(command.getValue(), contract, scratch);
        if (round > 0) {
          wall.get(command.getKey()).add(cost.wallMillis());
          cpu.get(command.getKey()).add(cost.cpuMillis());
        }
      }
    }
    double reference = cpu.get("bare java -cp dir Hello").median();
    System.out.println();
    System.out.println(
        "CPU time of a whole start to exit, by hand under /usr/bin/time ("
            + rounds
            + " each, interleaved):");
    System.out.println();
    System.out.println("| command | CPU (user+sys) p50 ms | ratio to bare | wall p50 ms |");
    System.out.println("|---|---:|---:|---:|");
    cpu.forEach(
        (name, samples) ->
            System.out.println(
                "| "
                    + name
                    + " | "
                    + Samples.format(samples.median())
                    + " | "
                    + Samples.ratio(samples.median() / reference)
                    + " | "
                    + Samples.format(wall.get(name).median())
                    + " |"));
    System.out.println();
    cpu.forEach(
        (name, samples) -> System.out.println("  raw CPU ms, " + name + ": " + samples.raw()));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  static final List<String> FAST_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private StartLatency() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("hello"));

    Map<String, List<String>> bareVariants = new LinkedHashMap<>();
    bareVariants.put("bare java -cp dir Hello", List.of());
    bareVariants.put("bare java, engine's flags", LocalEngine.DEFAULT_JVM_OPTIONS);
    List<ProbeEngine> engines = new ArrayList<>();
    engines.add(
        ProbeEngine.open(
            "engine, defaults (flags + CDS archive)",
            workspace.fresh("start-defaults"),
            LocalEngine.DEFAULT_JVM_OPTIONS,
            1));
    engines.add(
        ProbeEngine.open(
            "engine, flags, no app CDS", workspace.fresh("start-flags"), FAST_FLAGS, 1));
    engines.add(
        ProbeEngine.open(
            "engine, app CDS, no flags", workspace.fresh("start-cds"), List.of("-Xshare:auto"), 1));
    engines.add(
        ProbeEngine.open(
            "engine, no options (plain JVM)", workspace.fresh("start-plain"), List.of(), 1));

    System.out.println("## start latency");
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
            + " warm-up rounds (the first run of the"
            + " archive variants writes the archive); variant order rotates each round");
    System.out.println();

    Map<String, Samples> toMain = new LinkedHashMap<>();
    Map<String, Samples> toExit = new LinkedHashMap<>();
    Map<String, Samples> runCall = new LinkedHashMap<>();
    bareVariants
        .keySet()
        .forEach(
            name -> {
              toMain.put(name, new Samples(name));
              toExit.put(name, new Samples(name));
            });
    engines.forEach(
        engine -> {
          toMain.put(engine.name(), new Samples(engine.name()));
          toExit.put(engine.name(), new Samples(engine.name()));
          runCall.put(engine.name(), new Samples(engine.name()));
        });
    List<Runnable> measurements = new ArrayList<>();
    int[] round = {0};
    bareVariants.forEach(
        (name, options) ->
            measurements.add(
                () -> {
                  BareJvm.Start start = bare.start(options);
                  if (round[0] > warmup) {
                    toMain.get(name).add(start.toMainMillis());
                    toExit.get(name).add(start.toExitMillis());
                  }
                }));
    for (ProbeEngine engine : engines) {
      measurements.add(
          () -> {
            ProbeEngine.Start start = engine.runOne(round[0]);
            if (round[0] > warmup) {
              toMain.get(engine.name()).add(start.toHandlerMillis());
              toExit.get(engine.name()).add(start.toSucceededMillis());
              runCall.get(engine.name()).add(start.runCallMillis());
            }
          });
    }
    try {
      for (round[0] = 1; round[0] <= warmup + rounds; round[0]++) {
        for (int i = 0; i < measurements.size(); i++) {
          measurements.get((i + round[0]) % measurements.size()).run();
        }
        if (round[0] % 5 == 0) {
          System.out.println("round " + round[0] + " done, load average " + Machine.loadAverage());
        }
      }
    } finally {
      engines.forEach(ProbeEngine::close);
    }

    double reference = toMain.get("bare java -cp dir Hello").median();
    System.out.println();
    System.out.println(
        "| variant | to first line p50 ms | p90 ms | min ms | ratio p50 to bare | to exit/SUCCEEDED"
            + " p50 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, Samples> entry : toMain.entrySet()) {
      Samples samples = entry.getValue();
      System.out.println(
          "| "
              + entry.getKey()
              + " | "
              + Samples.format(samples.median())
              + " | "
              + Samples.format(samples.percentile(90))
              + " | "
              + Samples.format(samples.min())
              + " | "
              + Samples.ratio(samples.median() / reference)
              + " | "
              + Samples.format(toExit.get(entry.getKey()).median())
              + " |");
    }
    System.out.println();
    System.out.println(
        "run() call itself (submit, ms): "
            + runCall.entrySet().stream()
                .map(e -> e.getKey() + " p50 " + Samples.format(e.getValue().median()))
                .toList());
    System.out.println();
    System.out.println("raw, to first line (ms, measurement order):");
    toMain.forEach((name, samples) -> System.out.println("  " + name + ": " + samples.raw()));
    System.out.println("raw, to exit / SUCCEEDED seen (ms):");
    toExit.forEach((name, samples) -> System.out.println("  " + name + ": " + samples.raw()));
    cpuCost(workspace, bare, engines.get(0).engine().home(), Math.max(5, rounds / 2));
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }
}
