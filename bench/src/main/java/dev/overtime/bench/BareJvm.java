package dev.overtime.bench;

import dev.overtime.bench.jobs.ProcessCpu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The reference every start is compared with: {@code java -cp <dir> Hello}, where {@code Hello}'s
 * first line prints the wall clock in microseconds, like the {@code start-probe} job does.
 */
public final class BareJvm {
  private static final String SOURCE =
      "import java.time.Instant;\n"
          + "public class Hello {\n"
          + "  public static void main(String[] args) {\n"
          + "    Instant now = Instant.now();\n"
          + "    System.out.println(\"hello-at-micros \" + (now.getEpochSecond() * 1_000_000L +"
          + " now.getNano() / 1_000));\n"
          + "  }\n"
          + "}\n";

  /**
   * {@code Hello} that also prints the CPU time used up to its first line, with the same code as
   * the {@code start-probe} job ({@link ProcessCpu}, whose class file is copied next to it).
   */
  private static final String CPU_SOURCE =
      "import java.time.Instant;\n"
          + "public class CpuHello {\n"
          + "  public static void main(String[] args) {\n"
          + "    Instant now = Instant.now();\n"
          + "    String cpu = dev.overtime.bench.jobs.ProcessCpu.describe();\n"
          + "    System.out.println(\"hello-at-micros \" + (now.getEpochSecond() * 1_000_000L +"
          + " now.getNano() / 1_000) + \" \" + cpu);\n"
          + "  }\n"
          + "}\n";

  private final Path directory;

  private BareJvm(Path directory) {
    this.directory = directory;
  }

  /** Compiles {@code Hello} into {@code directory}. */
  public static BareJvm compile(Path directory) {
    try {
      Path source = directory.resolve("Hello.java");
      Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac.run(null, null, null, "-d", directory.toString(), source.toString()) != 0) {
        throw new IllegalStateException("Could not compile " + source);
      }
      String cpuClass = ProcessCpu.class.getName().replace('.', '/') + ".class";
      Path cpuClassFile = directory.resolve(cpuClass);
      Files.createDirectories(cpuClassFile.getParent());
      try (InputStream in = ProcessCpu.class.getClassLoader().getResourceAsStream(cpuClass)) {
        Files.copy(in, cpuClassFile);
      }
      Path cpuSource = directory.resolve("CpuHello.java");
      Files.writeString(cpuSource, CPU_SOURCE, StandardCharsets.UTF_8);
      if (javac.run(
              null,
              null,
              null,
              "-d",
              directory.toString(),
              "-cp",
              directory.toString(),
              cpuSource.toString())
          != 0) {
        throw new IllegalStateException("Could not compile " + cpuSource);
      }
      return new BareJvm(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path directory() {
    return directory;
  }

  /**
   * A start measured from just before the process is spawned to the first line of main, and to its
   * exit.
   */
  public record Start(double toMainMillis, double toExitMillis) {}

  /** Starts {@code java <options> -cp <dir> Hello} and waits for it. */
  public Start start(List<String> options) {
    return start(options, "Hello").start();
  }

  /**
   * A start of {@code CpuHello}: as {@link Start}, and the CPU time the process had used at its
   * first line, in milliseconds: of its live threads (ns precision) and of all threads (10 ms
   * steps).
   */
  public record CpuStart(Start start, double threadCpuMillis, double statCpuMillis) {}

  /** Starts {@code java <options> -cp <dir> CpuHello} and waits for it. */
  public CpuStart startMeasuringCpu(List<String> options) {
    return start(options, "CpuHello");
  }

  private CpuStart start(List<String> options, String main) {
    List<String> command = new ArrayList<>();
    command.add(Workspace.javaLauncher());
    command.addAll(options);
    command.add("-cp");
    command.add(directory.toString());
    command.add(main);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      long before = StartClock.micros(Instant.now());
      long beforeNanos = System.nanoTime();
      Process process = builder.start();
      String line;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        line = out.readLine();
        while (out.readLine() != null) {
          // Drain until exit.
        }
      }
      int exit = process.waitFor();
      double toExit = (System.nanoTime() - beforeNanos) / 1e6;
      if (exit != 0 || line == null || !line.startsWith("hello-at-micros ")) {
        throw new IllegalStateException("Hello failed (exit " + exit + "): " + line);
      }
      String rest = line.substring("hello-at-micros ".length()).trim();
      int end = rest.indexOf(' ');
      long first = Long.parseLong(end < 0 ? rest : rest.substring(0, end));
      return new CpuStart(
          new Start((first - before) / 1e3, toExit),
          ProcessCpu.threadMillisIn(line),
          ProcessCpu.statMillisIn(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
