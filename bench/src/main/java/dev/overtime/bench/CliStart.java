package dev.overtime.bench;

import dev.overtime.runtime.JobRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time of {@code overtime} commands, through the {@code ./overtime} launcher as a user runs
 * them, against a bare {@code java -cp dir Hello} to its exit, interleaved with a rotating order.
 * The home holds one finished run, so {@code runs} prints a row and {@code status} finds it. Given
 * an earlier checkout (a directory with its {@code overtime} launcher and its built {@code
 * cli/target/overtime-cli.jar}), its commands run in the same rounds, so that a change to the CLI
 * is measured side by side.
 *
 * <pre>java -cp ... dev.overtime.bench.CliStart &lt;path of ./overtime&gt; [rounds=20]
 *     [earlier checkout]</pre>
 */
public final class CliStart {
  private CliStart() {}

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path baseline = args.length > 2 ? Path.of(args[2]).toAbsolutePath().resolve("overtime") : null;
    if (baseline != null
        && !Files.isRegularFile(baseline.resolveSibling("cli/target/overtime-cli.jar"))) {
      throw new IllegalArgumentException(
          "No " + baseline + " with cli/target/overtime-cli.jar beside it to compare with");
    }
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());
    BareJvm bare = BareJvm.compile(workspace.fresh("cli-hello"));
    Path home = workspace.fresh("cli-home");
    String runId;
    try (ProbeEngine engine =
        ProbeEngine.open(
            "cli", home, dev.overtime.engine.local.LocalEngine.DEFAULT_JVM_OPTIONS, 1)) {
      JobRun<Integer> run = engine.submit(1);
      engine.await(run);
      runId = run.id();
    }
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(
        "bare java -cp dir Hello",
        List.of(Workspace.javaLauncher(), "-cp", bare.directory().toString(), "Hello"));
    commands.put("overtime runs", List.of(launcher.toString(), "runs", "--home", home.toString()));
    commands.put(
        "overtime status <id>",
        List.of(launcher.toString(), "status", runId, "--home", home.toString()));
    commands.put(
        "overtime jobs --cp <app>",
        List.of(launcher.toString(), "jobs", "--cp", Workspace.jobClasspath()));
    if (baseline != null) {
      commands.put(
          "earlier: overtime runs",
          List.of(baseline.toString(), "runs", "--home", home.toString()));
      commands.put(
          "earlier: overtime status <id>",
          List.of(baseline.toString(), "status", runId, "--home", home.toString()));
      commands.put(
          "earlier: overtime jobs --cp <app>",
          List.of(baseline.toString(), "jobs", "--cp", Workspace.jobClasspath()));
    }
    Map<String, Samples> wall = new LinkedHashMap<>();
    commands.keySet().forEach(name -> wall.put(name, new Samples(name)));
    Path output = workspace.root().resolve("cli-output.log");
    System.out.println("## CLI commands");
    System.out.println("launcher: " + launcher + "; rounds: " + rounds + " after 2 warm-up rounds");
    if (baseline != null) {
      System.out.println("earlier:  " + baseline);
    }
    List<String> names = new ArrayList<>(commands.keySet());
    for (int round = -1; round <= rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(Math.floorMod(i + round, names.size()));
        double millis = time(commands.get(name), output);
        if (round > 0) {
          wall.get(name).add(millis);
        }
      }
      if (round > 0 && round % 5 == 0) {
        System.out.println("round " + round + " done, load average " + Machine.loadAverage());
      }
    }
    double reference = wall.get("bare java -cp dir Hello").median();
    System.out.println();
    System.out.println("| command | wall p50 ms | p90 ms | min ms | ratio p50 to bare | target |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    wall.forEach(
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
                    + (name.startsWith("overtime runs") || name.startsWith("overtime status")
                        ? "≤ 1.5"
                        : "")
                    + " |"));
    System.out.println();
    wall.forEach((name, samples) -> System.out.println("  raw ms, " + name + ": " + samples.raw()));
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  private static double time(List<String> command, Path output) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      long started = System.nanoTime();
      int exit = builder.start().waitFor();
      double millis = (System.nanoTime() - started) / 1e6;
      if (exit != 0) {
        throw new IllegalStateException(
            "exit " + exit + " from " + command + ": " + Files.readString(output));
      }
      return millis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
