package dev.overtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first {@code run()} in a fresh application JVM ({@link FirstRunProbe}), on a home that exists
 * already, against a bare {@code java -cp dir Hello} to its first line in the same rounds: how long
 * the call takes, how many classes it loads, and how long from spawning the JVM to the call's
 * return. Variants differ in JVM options of the application JVM. Given the {@code bench/target}
 * directory of an earlier build (its bench jar and {@code app-lib/}), its application JVM runs in
 * the same rounds, so that a change to the engine's start is measured side by side.
 *
 * <pre>java -cp ... dev.overtime.bench.FirstRun [rounds=15] [earlier bench/target directory]</pre>
 */
public final class FirstRun {
  private FirstRun() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    String earlier = args.length > 1 ? classpathOf(Path.of(args[1]).toAbsolutePath()) : null;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("first-run-hello"));
    Path home = workspace.fresh("first-run-home");
    String classpath = Workspace.jobClasspath();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("application JVM, no options", List.of("-cp", classpath));
    variants.put(
        "application JVM, -XX:TieredStopAtLevel=1",
        List.of("-XX:TieredStopAtLevel=1", "-cp", classpath));
    if (earlier != null) {
      variants.put("earlier build, no options", List.of("-cp", earlier));
    }
    Map<String, Samples> call = new LinkedHashMap<>();
    Map<String, Samples> spawnToReturn = new LinkedHashMap<>();
    Map<String, Samples> classes = new LinkedHashMap<>();
    Samples bareMain = new Samples("bare");
    variants
        .keySet()
        .forEach(
            name -> {
              call.put(name, new Samples(name));
              spawnToReturn.put(name, new Samples(name));
              classes.put(name, new Samples(name));
            });
    // A first round creates the home (schema), outside the figures.
    probe(home, List.of("-cp", classpath));
    System.out.println("## first run() in a fresh JVM");
    System.out.println("rounds: " + rounds + ", home exists, OVERTIME_LOCAL_WARM_JVMS=0");
    if (earlier != null) {
      System.out.println("earlier build: " + earlier);
    }
    for (int round = 1; round <= rounds; round++) {
      bareMain.add(bare.start(List.of()).toMainMillis());
      for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
        double[] measured = probe(home, variant.getValue());
        call.get(variant.getKey()).add(measured[0]);
        classes.get(variant.getKey()).add(measured[1]);
        spawnToReturn.get(variant.getKey()).add(measured[2]);
      }
      if (round % 5 == 0) {
        System.out.println("round " + round + " done, load average " + Machine.loadAverage());
      }
    }
    System.out.println();
    System.out.println(
        "bare java -cp dir Hello to its first line: p50 "
            + Samples.format(bareMain.median())
            + " ms, p90 "
            + Samples.format(bareMain.percentile(90))
            + " ms");
    System.out.println();
    System.out.println(
        "| variant | run() call p50 ms | p90 ms | classes loaded by it p50 | spawn → run() returned"
            + " p50 ms | target |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    call.forEach(
        (name, samples) ->
            System.out.println(
                "| "
                    + name
                    + " | "
                    + Samples.format(samples.median())
                    + " | "
                    + Samples.format(samples.percentile(90))
                    + " | "
                    + Samples.format(classes.get(name).median())
                    + " | "
                    + Samples.format(spawnToReturn.get(name).median())
                    + " | run() ≤ 200 |"));
    System.out.println();
    call.forEach(
        (name, samples) -> System.out.println("  raw run() ms, " + name + ": " + samples.raw()));
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  /** The bench jar and the jars of {@code app-lib} in an earlier build's {@code bench/target}. */
  private static String classpathOf(Path target) throws IOException {
    List<String> entries = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target)) {
      files
          .filter(file -> file.getFileName().toString().matches("overtime-bench-.*\\.jar"))
          .forEach(file -> entries.add(file.toString()));
    }
    if (entries.size() != 1) {
      throw new IllegalArgumentException("No single overtime-bench-*.jar in " + target);
    }
    try (java.util.stream.Stream<Path> jars = java.nio.file.Files.list(target.resolve("app-lib"))) {
      jars.map(Path::toString).filter(jar -> jar.endsWith(".jar")).sorted().forEach(entries::add);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /**
   * One fresh JVM: {run() ms, classes loaded by it, spawn → return ms}.
   *
   * @param options JVM options, the class path ({@code -cp}) included
   */
  private static double[] probe(Path home, List<String> options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Workspace.javaLauncher());
    command.addAll(options);
    command.add(FirstRunProbe.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OVERTIME_HOME", home.toString());
    builder.environment().put("OVERTIME_LOCAL_WARM_JVMS", "0");
    long spawned = System.nanoTime();
    Process process = builder.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith(FirstRunProbe.MARK)) {
        // Skip whatever the JVM printed first.
      }
      double returned = (System.nanoTime() - spawned) / 1e6;
      if (line == null) {
        throw new IllegalStateException("The probe printed no '" + FirstRunProbe.MARK + "' line");
      }
      String[] fields = line.substring(FirstRunProbe.MARK.length()).trim().split(" ");
      while (out.readLine() != null) {
        // Drain until it exits.
      }
      if (process.waitFor() != 0) {
        throw new IllegalStateException("The probe exited with " + process.exitValue());
      }
      return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), returned};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
