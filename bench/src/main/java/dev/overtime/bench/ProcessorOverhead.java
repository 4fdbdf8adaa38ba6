package dev.overtime.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark 1: what the annotation processor adds to a compilation. For each N, the same generated
 * sources are compiled by the same {@code javac} with the same flags, once with the processor on
 * {@code -processorpath} and once with {@code -proc:none}, alternating which goes first, several
 * rounds; the figure is the ratio of the medians of the wall times of the whole {@code javac}
 * process. The processor's run includes compiling the {@code Jobs} and {@code JobsRegistry} classes
 * it generates: that is what using it costs.
 *
 * <p>It also times javac on the generated sources alone ({@code Jobs}, {@code JobsRegistry}, {@code
 * JobsJson}, against the handlers compiled without the processor), which isolates what the shape of
 * the generated code costs from what the processor itself costs.
 *
 * <pre>java -cp ... dev.overtime.bench.ProcessorOverhead &lt;processor jar&gt; [rounds] [sizes]
 *     [shape: small | ten-packages | large-payload]
 * </pre>
 */
public final class ProcessorOverhead {
  private ProcessorOverhead() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: ProcessorOverhead <processor/target/overtime-processor-*.jar> [rounds=5]"
              + " [sizes=10,100,1000,2000] [shape=small|ten-packages|large-payload]");
      System.exit(2);
    }
    Path processorJar = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] sizes = args.length > 2 ? parseSizes(args[2]) : new int[] {10, 100, 1000, 2000};
    HandlerSources.Shape shape =
        args.length > 3 ? HandlerSources.Shape.parse(args[3]) : HandlerSources.Shape.SMALL;
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());

    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    String classpath = Workspace.jobClasspath();
    System.out.println("## processor overhead, shape " + shape);
    System.out.println("javac:      " + javac);
    System.out.println("processor:  " + processorJar);
    System.out.println(
        "flags:      --release 17 -encoding UTF-8 -nowarn -implicit:none -d <out> -cp"
            + " <overtime-annotations, overtime-runtime, jackson> @<sources>");
    System.out.println("with:       + -processorpath " + processorJar.getFileName());
    System.out.println("without:    + -proc:none");
    System.out.println(
        "rounds:     "
            + rounds
            + ", interleaved (odd rounds start with the processor, even rounds without)");
    System.out.println();

    Map<Integer, Path> argfiles = new LinkedHashMap<>();
    for (int n : sizes) {
      Path directory = workspace.fresh("processor-" + n);
      List<Path> sources = HandlerSources.write(directory.resolve("src"), n, shape);
      Path argfile = directory.resolve("sources.txt");
      Files.write(
          argfile,
          sources.stream().map(Path::toString).collect(Collectors.toList()),
          StandardCharsets.UTF_8);
      argfiles.put(n, argfile);
    }

    Map<Integer, Samples> with = new LinkedHashMap<>();
    Map<Integer, Samples> without = new LinkedHashMap<>();
    Map<Integer, Samples> generatedAlone = new LinkedHashMap<>();
    for (int n : sizes) {
      with.put(n, new Samples("processor N=" + n));
      without.put(n, new Samples("-proc:none N=" + n));
      generatedAlone.put(n, new Samples("generated alone N=" + n));
      // One untimed compile of each kind: the first touches cold files and caches.
      compile(
          javac,
          classpath,
          argfiles.get(n),
          List.of("-processorpath", processorJar.toString()),
          true);
      compile(javac, classpath, argfiles.get(n), List.of("-proc:none"), false);
    }
    for (int round = 1; round <= rounds; round++) {
      for (int n : sizes) {
        Path argfile = argfiles.get(n);
        if (round % 2 == 1) {
          with.get(n)
              .add(
                  compile(
                      javac,
                      classpath,
                      argfile,
                      List.of("-processorpath", processorJar.toString()),
                      true));
          without.get(n).add(compile(javac, classpath, argfile, List.of("-proc:none"), false));
        } else {
          without.get(n).add(compile(javac, classpath, argfile, List.of("-proc:none"), false));
          with.get(n)
              .add(
                  compile(
                      javac,
                      classpath,
                      argfile,
                      List.of("-processorpath", processorJar.toString()),
                      true));
        }
      }
      for (int n : sizes) {
        generatedAlone.get(n).add(compileGenerated(javac, classpath, argfiles.get(n)));
      }
      System.out.println("round " + round + " done, load average " + Machine.loadAverage());
    }

    System.out.println();
    System.out.println(
        "| N handlers | source files | -proc:none median ms | processor median ms | ratio | extra"
            + " ms | extra ms per handler | generated sources alone ms |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : sizes) {
      double base = without.get(n).median();
      double proc = with.get(n).median();
      System.out.println(
          "| "
              + n
              + " | "
              + shape.filesPerHandler() * n
              + " | "
              + Samples.format(base)
              + " | "
              + Samples.format(proc)
              + " | "
              + Samples.ratio(proc / base)
              + " | "
              + Samples.format(proc - base)
              + " | "
              + Samples.ratio((proc - base) / n)
              + " | "
              + Samples.format(generatedAlone.get(n).median())
              + " |");
    }
    System.out.println();
    System.out.println("raw wall times (ms, in measurement order):");
    for (int n : sizes) {
      System.out.println("  N=" + n + " -proc:none " + without.get(n).raw());
      System.out.println("  N=" + n + " processor  " + with.get(n).raw());
      System.out.println("  N=" + n + " generated  " + generatedAlone.get(n).raw());
    }
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  /**
   * Compiles into a fresh output directory and returns the wall time of the javac process in ms.
   */
  private static double compile(
      String javac, String classpath, Path argfile, List<String> mode, boolean expectJobs)
      throws IOException, InterruptedException {
    Path out = argfile.getParent().resolve("classes");
    Workspace.delete(out);
    Files.createDirectories(out);
    List<String> command =
        new ArrayList<>(
            List.of(
                javac,
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-nowarn",
                "-implicit:none",
                "-d",
                out.toString(),
                "-cp",
                classpath));
    command.addAll(mode);
    if (expectJobs) {
      Path generated = argfile.getParent().resolve("generated");
      Workspace.delete(generated);
      Files.createDirectories(generated);
      command.addAll(List.of("-s", generated.toString()));
    }
    command.add("@" + argfile);
    Path log = argfile.getParent().resolve("javac.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double millis = (System.nanoTime() - start) / 1e6;
    if (exit != 0) {
      throw new IllegalStateException(
          "javac failed (exit "
              + exit
              + "): "
              + String.join(" ", command)
              + "\n"
              + Files.readString(log));
    }
    boolean generated =
        Files.isRegularFile(
            out.resolve(HandlerSources.PACKAGE.replace('.', '/')).resolve("Jobs.class"));
    if (generated != expectJobs) {
      throw new IllegalStateException(
          "Expected Jobs.class " + (expectJobs ? "" : "not ") + "to be generated in " + out);
    }
    return millis;
  }

  /**
   * Compiles the handlers without the processor, then (timed) the sources the processor generated
   * for them, kept by the last compile with it under {@code generated/}.
   */
  private static double compileGenerated(String javac, String classpath, Path argfile)
      throws IOException, InterruptedException {
    Path directory = argfile.getParent();
    Path generated = directory.resolve("generated");
    List<String> sources;
    try (var files = Files.walk(generated)) {
      sources =
          files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException("No generated sources under " + generated);
    }
    Path handlers = directory.resolve("handler-classes");
    Workspace.delete(handlers);
    Files.createDirectories(handlers);
    run(
        directory,
        List.of(
            javac,
            "--release",
            "17",
            "-encoding",
            "UTF-8",
            "-nowarn",
            "-implicit:none",
            "-proc:none",
            "-d",
            handlers.toString(),
            "-cp",
            classpath,
            "@" + argfile));
    Path out = directory.resolve("generated-classes");
    Workspace.delete(out);
    Files.createDirectories(out);
    List<String> command =
        new ArrayList<>(
            List.of(
                javac,
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-nowarn",
                "-implicit:none",
                "-proc:none",
                "-d",
                out.toString(),
                "-cp",
                handlers + java.io.File.pathSeparator + classpath));
    command.addAll(sources);
    long start = System.nanoTime();
    run(directory, command);
    return (System.nanoTime() - start) / 1e6;
  }

  private static void run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    Path log = directory.resolve("javac-generated.log");
    int exit =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start()
            .waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "javac failed (exit "
              + exit
              + "): "
              + String.join(" ", command)
              + "\n"
              + Files.readString(log));
    }
  }

  private static int[] parseSizes(String text) {
    String[] parts = text.split(",");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      sizes[i] = Integer.parseInt(parts[i].trim());
    }
    return sizes;
  }
}
