package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local engine on a test's home (concurrency 2, retries 200 ms apart) whose console echo goes to
 * a buffer the test reads; closing it ends the engine, the home's processes and the test's
 * children.
 */
final class EchoedEngine implements AutoCloseable {
  private final Path home;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private final LocalEngine engine;

  EchoedEngine(Path home) {
    this.home = home;
    engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(2)
            .retryBaseDelay(Duration.ofMillis(200))
            .console(console)
            .build();
  }

  LocalEngine engine() {
    return engine;
  }

  /** The stream the echo writes to, for another engine of the test to echo to as well. */
  PrintStream console() {
    return console;
  }

  /** Everything echoed so far. */
  String echoed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** The lines echoed for run {@code runId} of {@code job}, without their prefix. */
  List<String> echoedLines(String job, String runId) {
    return linesOf(echoed().lines().toList(), job, runId);
  }

  /** The lines of {@code output} that echo run {@code runId} of {@code job}, prefix removed. */
  static List<String> linesOf(List<String> output, String job, String runId) {
    String prefix = "[" + job + " " + runId + "] ";
    return output.stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .toList();
  }

  @Override
  public void close() {
    engine.close();
    HomeProcesses.killAll(home);
    ChildProcesses.killDescendants();
  }
}
