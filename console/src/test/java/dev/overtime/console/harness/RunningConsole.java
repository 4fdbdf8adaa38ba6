package dev.overtime.console.harness;

import dev.overtime.console.ConsoleServer;
import dev.overtime.runtime.RunRecord;
import dev.overtime.testing.TestApp;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.LocalRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A console on 127.0.0.1 and a free port, over the test app and a home, as {@code overtime console}
 * starts it.
 */
public final class RunningConsole implements AutoCloseable {
  private final Application application;
  private final LocalRuns runs;
  private final ConsoleServer server;

  private RunningConsole(Application application, LocalRuns runs, ConsoleServer server) {
    this.application = application;
    this.runs = runs;
    this.server = server;
  }

  public static RunningConsole start(Path home) throws IOException {
    return start(home, runs -> runs);
  }

  /**
   * A console that reads the home through {@code view}, e.g. a {@link FiredRuns} over it; {@link
   * #runs()} stays the home itself.
   */
  public static RunningConsole start(Path home, Function<LocalRuns, HomeRuns> view)
      throws IOException {
    Application application = Application.load(TestApp.jar());
    LocalRuns runs = LocalRuns.open(home, application.classpath(), null);
    return new RunningConsole(
        application,
        runs,
        ConsoleServer.start("127.0.0.1", 0, application, view.apply(runs), System.err));
  }

  public String url() {
    return server.url();
  }

  public String token() {
    return server.token().value();
  }

  public LocalRuns runs() {
    return runs;
  }

  public Application application() {
    return application;
  }

  /**
   * Cancels the home's runs that have not ended, so that no test leaves a job running, then stops.
   */
  @Override
  public void close() {
    try {
      for (RunRecord run : runs.list(null, null, 500)) {
        if (!run.status().isTerminal()) {
          runs.cancel(run.id());
        }
      }
    } finally {
      server.close();
      runs.close();
      application.close();
    }
  }
}
