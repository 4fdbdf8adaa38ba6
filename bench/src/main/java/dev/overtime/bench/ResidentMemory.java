package dev.overtime.bench;

import dev.overtime.contract.RunContract;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JobDescriptors;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Benchmark 4: the resident set of the bootstrap process running the sample app's {@code factorial}
 * job ({@code memory = "512 MB"}, so {@code -Xmx512m}). Two measures: the peak resident set ({@code
 * VmHWM} of {@code /proc/<pid>/status}, polled every millisecond) of the child the local engine
 * starts, and the exact maximum resident set at exit ({@code getrusage}, via GNU {@code
 * /usr/bin/time -f %M}) of the same command started by hand with the run contract.
 *
 * <pre>java -cp ... dev.overtime.bench.ResidentMemory sample-app/target/sample-app.jar [runs=5]
 * </pre>
 */
public final class ResidentMemory {
  private static final JobDescriptor<FactorialInput, BigInteger> FACTORIAL =
      JobDescriptors.builder("factorial", FactorialInput.class, JobType.of(BigInteger.class))
          .handlerClass("dev.overtime.sample.Factorial")
          .timeout(Duration.ofHours(1))
          .memoryMib(512)
          .cpuUnits(256)
          .build();

  private ResidentMemory() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ResidentMemory <sample-app/target/sample-app.jar> [runs=5]");
      System.exit(2);
    }
    String jar = Path.of(args[0]).toAbsolutePath().toString();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());

    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("defaults (flags + CDS archive)", LocalEngine.DEFAULT_JVM_OPTIONS);
    variants.put("flags, no app CDS", StartLatency.FAST_FLAGS);
    variants.put("no options (plain JVM)", List.of());
    Map<String, LocalEngine> engines = new LinkedHashMap<>();
    variants.forEach(
        (name, options) ->
            engines.put(
                name,
                LocalEngine.builder()
                    .home(workspace.fresh("memory-" + engines.size()))
                    .concurrency(1)
                    .console(null)
                    .classpath(jar)
                    .jvmOptions(options)
                    .build()));
    int[] nums = {20, 20_000};

    System.out.println(
        "## resident memory of the bootstrap running factorial (sample-app.jar, -Xmx512m)");
    System.out.println(
        "runs: " + runs + " per variant and payload, interleaved, after one warm-up run each");
    System.out.println();
    Map<String, Samples> peaks = new LinkedHashMap<>();
    try {
      for (int round = 0; round <= runs; round++) {
        for (int num : nums) {
          for (Map.Entry<String, LocalEngine> engine : engines.entrySet()) {
            long peakKb = runAndWatch(engine.getValue(), num);
            if (round > 0) {
              peaks
                  .computeIfAbsent(engine.getKey() + ", num=" + num, Samples::new)
                  .add(peakKb / 1024.0);
            }
          }
        }
      }
      System.out.println("| engine child JVM options | payload | VmHWM p50 MB | min MB | max MB |");
      System.out.println("|---|---|---:|---:|---:|");
      peaks.forEach(
          (name, samples) -> {
            int comma = name.lastIndexOf(", num=");
            System.out.println(
                "| "
                    + name.substring(0, comma)
                    + " | {\"num\": "
                    + name.substring(comma + 6)
                    + "} | "
                    + Samples.format(samples.median())
                    + " | "
                    + Samples.format(samples.min())
                    + " | "
                    + Samples.format(samples.max())
                    + " |");
          });
      System.out.println();
      System.out.println("raw VmHWM (MB): ");
      peaks.forEach((name, samples) -> System.out.println("  " + name + ": " + samples.raw()));

      Optional<Path> archive = archiveOf(engines.get("defaults (flags + CDS archive)").home());
      System.out.println();
      System.out.println(
          "max resident set at exit (getrusage, /usr/bin/time -f %M), same command started by"
              + " hand:");
      Map<String, List<String>> byHand = new LinkedHashMap<>();
      List<String> withArchive = new ArrayList<>(LocalEngine.DEFAULT_JVM_OPTIONS);
      archive.ifPresent(
          file -> withArchive.addAll(List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds*=off")));
      byHand.put(
          "defaults (flags + CDS archive " + (archive.isPresent() ? "found" : "MISSING") + ")",
          withArchive);
      byHand.put("flags, no app CDS", StartLatency.FAST_FLAGS);
      byHand.put("no options (plain JVM)", List.of());
      for (int num : nums) {
        for (Map.Entry<String, List<String>> variant : byHand.entrySet()) {
          Samples samples = new Samples(variant.getKey());
          for (int i = 0; i < runs; i++) {
            samples.add(maxResidentByHand(workspace, jar, variant.getValue(), num) / 1024.0);
          }
          System.out.println(
              "  "
                  + variant.getKey()
                  + ", num="
                  + num
                  + ": p50 "
                  + Samples.format(samples.median())
                  + " MB "
                  + samples.raw());
        }
      }
    } finally {
      engines.values().forEach(LocalEngine::close);
    }
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  /** Runs factorial and returns the highest VmHWM (KiB) seen in the engine's child while it ran. */
  private static long runAndWatch(LocalEngine engine, int num) throws InterruptedException {
    JobRun<BigInteger> run = JobClient.of(FACTORIAL, engine).run(new FactorialInput(num));
    long peak = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (ProcessHandle child : ProcessHandle.current().children().toList()) {
        peak = Math.max(peak, highWaterMarkKb(child.pid()));
      }
      if (run.refresh().isDone()) {
        break;
      }
      Thread.sleep(1);
    }
    JobRun<BigInteger> done = run.await(Duration.ofMinutes(1));
    if (done.status() != RunStatus.SUCCEEDED || peak == 0) {
      throw new IllegalStateException(
          "factorial run "
              + run.id()
              + " ended "
              + done.status()
              + ", peak "
              + peak
              + " KiB; log "
              + engine.logFile(run.id()));
    }
    return peak;
  }

  private static long highWaterMarkKb(long pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines
          .filter(line -> line.startsWith("VmHWM:"))
          .findFirst()
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0; // The process is gone.
    }
  }

  private static long maxResidentByHand(
      Workspace workspace, String jar, List<String> options, int num)
      throws IOException, InterruptedException {
    Path directory = workspace.root().resolve("memory-by-hand");
    Files.createDirectories(directory);
    Path outcome = directory.resolve("outcome.json");
    Path timeFile = directory.resolve("time.txt");
    Files.deleteIfExists(outcome);
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/time", "-o", timeFile.toString(), "-f", "%M", Workspace.javaLauncher()));
    command.addAll(options);
    command.addAll(List.of("-Xmx512m", "-cp", jar, RunContract.BOOTSTRAP_MAIN_CLASS));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("run.log").toFile());
    Map<String, String> env = builder.environment();
    env.put(RunContract.JOB, "factorial");
    env.put(RunContract.RUN_ID, "memory-by-hand");
    env.put(RunContract.ATTEMPT, "1");
    env.put(RunContract.PAYLOAD, "{\"num\": " + num + "}");
    env.put(RunContract.RESULT_URI, outcome.toUri().toString());
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "bootstrap by hand exited " + exit + "; see " + directory.resolve("run.log"));
    }
    return Long.parseLong(
        Files.readString(timeFile).trim().lines().reduce((a, b) -> b).orElseThrow().trim());
  }

  private static Optional<Path> archiveOf(Path home) throws IOException {
    Path cds = home.resolve("cds");
    if (!Files.isDirectory(cds)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(cds)) {
      return files.filter(file -> file.toString().endsWith(".jsa")).findFirst();
    }
  }
}
