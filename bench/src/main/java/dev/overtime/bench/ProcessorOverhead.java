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
 * Benchmark 1: what the annotation processor adds to a compilation. For each shape of handlers
 * ({@link HandlerSources.Shape}) and each N, the same generated sources are compiled by the same
 * {@code javac} with the same flags, once with the processor on {@code -processorpath} and once
 * with {@code -proc:none}, alternating which goes first, several rounds; the figure is the ratio of
 * the medians of the wall times of the whole {@code javac} process. The processor's run includes
 * compiling the {@code Jobs}, {@code JobsRegistry} and {@code JobsJson} classes it generates: that
 * is what using it costs.
 *
 * <p>It also times javac on the generated sources alone (against the handlers compiled without the
 * processor), which isolates what the shape of the generated code costs from what the processor
 * itself costs. Given a second processor jar (an earlier build), it compiles with that one too, in
 * the same rounds with a rotating order, so that a change to the processor is measured side by
 * side.
 *
 * <pre>java -cp ... dev.overtime.bench.ProcessorOverhead &lt;processor jar&gt; [rounds=5]
 *     [sizes=10,100,1000,2000] [shapes=ten-packages,large-payload] [baseline processor jar]
 * </pre>
 */
public final class ProcessorOverhead {
  private ProcessorOverhead() {}

  /** One compilation's inputs: a shape at a size. */
  private record Input(HandlerSources.Shape shape, int n, Path argfile) {
    String label() {
      return shape.argument() + " N=" + n;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: ProcessorOverhead <processor/target/overtime-processor-*.jar> [rounds=5]"
              + " [sizes=10,100,1000,2000] [shapes=ten-packages,large-payload]"
              + " [baseline processor jar]");
      System.exit(2);
    }
    Path processorJar = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] sizes = args.length > 2 ? parseSizes(args[2]) : new int[] {10, 100, 1000, 2000};
    List<HandlerSources.Shape> shapes = new ArrayList<>();
    for (String shape : (args.length > 3 ? args[3] : "ten-packages,large-payload").split(",")) {
      shapes.add(HandlerSources.Shape.parse(shape));
    }
    Path baselineJar = args.length > 4 ? Path.of(args[4]).toAbsolutePath() : null;
    if (baselineJar != null && !Files.isRegularFile(baselineJar)) {
      throw new IllegalArgumentException("No baseline processor jar at " + baselineJar);
    }
    Workspace workspace = Workspace.fromSystemProperties();
    Machine.describe(workspace.root());

    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    String classpath = Workspace.jobClasspath();
    System.out.println("## processor overhead, shapes " + shapes);
    System.out.println("javac:      " + javac);
    System.out.println("processor:  " + processorJar);
    if (baselineJar != null) {
      System.out.println("baseline:   " + baselineJar);
    }
    System.out.println(
        "flags:      --release 17 -encoding UTF-8 -nowarn -implicit:none -d <out> -cp"
            + " <overtime-annotations, overtime-runtime, jackson> @<sources>");
    System.out.println("with:       + -processorpath " + processorJar.getFileName());
    System.out.println("without:    + -proc:none");
    System.out.println(
        "rounds:     "
            + rounds
            + ", interleaved (the order of the variants rotates from round to round)");
    System.out.println();

    List<Input> inputs = new ArrayList<>();
    for (HandlerSources.Shape shape : shapes) {
      for (int n : sizes) {
        Path directory = workspace.fresh("processor-" + shape.argument() + "-" + n);
        List<Path> sources = HandlerSources.write(directory.resolve("src"), n, shape);
        Path argfile = directory.resolve("sources.txt");
        Files.write(
            argfile,
            sources.stream().map(Path::toString).collect(Collectors.toList()),
            StandardCharsets.UTF_8);
        inputs.add(new Input(shape, n, argfile));
      }
    }

    List<String> variants = new ArrayList<>(List.of("processor", "-proc:none"));
    if (baselineJar != null) {
      variants.add("baseline processor");
    }
    Map<Input, Map<String, Samples>> samples = new LinkedHashMap<>();
    Map<Input, Samples> generatedAlone = new LinkedHashMap<>();
    // An input that does not compile is reported, not measured: the others still are.
    Map<Input, String> failures = new LinkedHashMap<>();
    for (Input input : inputs) {
      Map<String, Samples> byVariant = new LinkedHashMap<>();
      for (String variant : variants) {
        byVariant.put(variant, new Samples(variant + " " + input.label()));
        // One untimed compile of each kind: the first touches cold files and caches.
        try {
          compile(javac, classpath, input.argfile(), variant, processorJar, baselineJar);
        } catch (CompileFailure e) {
          failures.putIfAbsent(input, variant + ": " + e.getMessage());
          System.out.println(input.label() + " does not compile with " + variant + ": " + e);
        }
      }
      samples.put(input, byVariant);
      generatedAlone.put(input, new Samples("generated alone " + input.label()));
    }
    List<Input> measured = new ArrayList<>(inputs);
    measured.removeAll(failures.keySet());
    for (int round = 1; round <= rounds; round++) {
      for (Input input : measured) {
        for (int i = 0; i < variants.size(); i++) {
          String variant = variants.get((i + round - 1) % variants.size());
          samples
              .get(input)
              .get(variant)
              .add(compile(javac, classpath, input.argfile(), variant, processorJar, baselineJar));
        }
      }
      for (Input input : measured) {
        generatedAlone.get(input).add(compileGenerated(javac, classpath, input.argfile()));
      }
      System.out.println("round " + round + " done, load average " + Machine.loadAverage());
    }

    for (HandlerSources.Shape shape : shapes) {
      System.out.println();
      System.out.println("### shape " + shape.argument());
      System.out.println();
      System.out.println(
          "| N handlers | source files | -proc:none median ms | processor median ms | ratio | extra"
              + " ms | extra ms per handler | generated sources alone ms |"
              + (baselineJar == null ? "" : " baseline processor median ms | baseline ratio |"));
      System.out.println(
          "|---:|---:|---:|---:|---:|---:|---:|---:|" + (baselineJar == null ? "" : "---:|---:|"));
      for (Input input : inputs) {
        if (input.shape() != shape) {
          continue;
        }
        int n = input.n();
        if (failures.containsKey(input)) {
          System.out.println(
              "| "
                  + n
                  + " | "
                  + shape.filesPerHandler() * n
                  + " | does not compile, "
                  + failures.get(input).replace("|", "\\|")
                  + " | | | | | |"
                  + (baselineJar == null ? "" : " | |"));
          continue;
        }
        double base = samples.get(input).get("-proc:none").median();
        double proc = samples.get(input).get("processor").median();
        String baseline = "";
        if (baselineJar != null) {
          double before = samples.get(input).get("baseline processor").median();
          baseline = " " + Samples.format(before) + " | " + Samples.ratio(before / base) + " |";
        }
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
                + Samples.format(generatedAlone.get(input).median())
                + " |"
                + baseline);
      }
    }
    System.out.println();
    System.out.println("raw wall times (ms, in measurement order):");
    for (Input input : measured) {
      for (Samples each : samples.get(input).values()) {
        System.out.println("  " + each.name() + " " + each.raw());
      }
      System.out.println(
          "  generated alone " + input.label() + " " + generatedAlone.get(input).raw());
    }
    System.out.println();
    System.out.println("load average at the end: " + Machine.loadAverage());
  }

  private static double compile(
      String javac,
      String classpath,
      Path argfile,
      String variant,
      Path processorJar,
      Path baselineJar)
      throws IOException, InterruptedException {
    return switch (variant) {
      case "processor" ->
          compile(
              javac,
              classpath,
              argfile,
              List.of("-processorpath", processorJar.toString()),
              "generated");
      case "baseline processor" ->
          compile(
              javac,
              classpath,
              argfile,
              List.of("-processorpath", baselineJar.toString()),
              "generated-by-baseline");
      default -> compile(javac, classpath, argfile, List.of("-proc:none"), null);
    };
  }

  /**
   * Compiles into a fresh output directory and returns the wall time of the javac process in ms.
   *
   * @param generatedName where the processor writes its sources (under the input's directory), or
   *     null for a compilation without it
   */
  private static double compile(
      String javac, String classpath, Path argfile, List<String> mode, String generatedName)
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
    boolean expectJobs = generatedName != null;
    if (expectJobs) {
      Path generated = argfile.getParent().resolve(generatedName);
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
    if (exit > 128 && !Files.readString(log).contains(": error: ")) {
      // Killed by a signal (on a shared machine, not by this benchmark): measure it again, once.
      System.out.println(
          "javac ended by signal " + (exit - 128) + ", compiling again: " + argfile.getParent());
      if (expectJobs) {
        Path generated = argfile.getParent().resolve(generatedName);
        Workspace.delete(generated);
        Files.createDirectories(generated);
      }
      Workspace.delete(out);
      Files.createDirectories(out);
      start = System.nanoTime();
      exit = builder.start().waitFor();
      millis = (System.nanoTime() - start) / 1e6;
    }
    if (exit != 0) {
      throw new CompileFailure(exit, log);
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
   * Compiles the handlers without the processor, then (timed) the sources this build's processor
   * generated for them, kept by its last compile under {@code generated/}.
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
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    int exit = builder.start().waitFor();
    if (exit > 128 && !Files.readString(log).contains(": error: ")) {
      // Killed by a signal (on a shared machine, not by this benchmark): once more.
      System.out.println(
          "javac ended by signal " + (exit - 128) + ", compiling again: " + directory);
      exit = builder.start().waitFor();
    }
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

  /** javac refused the sources: the first error it printed, with its file name and line. */
  private static final class CompileFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompileFailure(int exit, Path log) throws IOException {
      super(firstErrors(exit, log));
    }

    private static String firstErrors(int exit, Path log) throws IOException {
      List<String> errors =
          Files.readAllLines(log).stream().filter(line -> line.contains(": error: ")).toList();
      if (errors.isEmpty()) {
        return "javac exit " + exit + ", see " + log;
      }
      return errors.stream()
          .map(line -> line.substring(line.lastIndexOf('/') + 1))
          .distinct()
          .limit(3)
          .collect(Collectors.joining("; "));
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
