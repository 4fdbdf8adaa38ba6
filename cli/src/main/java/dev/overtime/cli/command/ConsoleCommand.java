package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.app.AppOptions;
import dev.overtime.console.ConsoleServer;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.runs.HomeRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime console}: the jobs and runs in a browser, on this machine only. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the local console in the browser.",
      "%nJobs and their configuration, a form per job generated from its payload schema, live"
          + " runs, logs, results and cancel.",
      "%nListens on 127.0.0.1 only, unless --bind says otherwise; changes need the page's"
          + " per-session token. Output of runs started here is echoed to this terminal."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime console --app sample-app/target/sample-app.jar",
      "  overtime console --app app.jar --port 9000 --home /srv/app/.overtime",
      "",
      "Exit codes: 0 stopped with Ctrl-C, 2 bad --port or --bind, 7 the port is taken."
    })
public final class ConsoleCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Mixin private AppOptions app;

  @Option(
      names = "--port",
      paramLabel = "<port>",
      defaultValue = "7070",
      description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  private int port;

  @Option(
      names = "--bind",
      paramLabel = "<address>",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback lets"
              + " other machines see your runs; the session token still guards changes.")
  private String bind;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ConsoleAddress.check(bind, port);
    Application application = app.loadIfNamed();
    try (HomeRuns runs =
            root.openRuns(application == null ? null : application.classpath(), System.out);
        ConsoleServer console = start(runs, application)) {
      out.println("Overtime console: " + console.url());
      out.println(
          root.aws() || root.slurm() ? "  runs: " + runs.where() : "  home: " + root.home());
      out.println(
          application == null
              ? "  no application (--app): runs only; start it with --app <jar> to invoke jobs"
              : "  app:  "
                  + application.source()
                  + " ("
                  + application.jobs().size()
                  + " jobs: "
                  + application.jobNames()
                  + ")");
      out.println("Press Ctrl-C to stop.");
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "overtime-console-stop"));
      stopped.await();
      return 0;
    } finally {
      if (application != null) {
        application.close();
      }
    }
  }

  private ConsoleServer start(HomeRuns runs, Application application) throws IOException {
    try {
      return ConsoleServer.start(bind, port, application, runs, System.err);
    } catch (BindException e) {
      if (String.valueOf(e.getMessage()).contains("assign requested address")) {
        throw new CommandFailure(
            ExitStatus.BAD_INPUT,
            "--bind "
                + bind
                + ": not an address of this machine; use one of its addresses, for"
                + " example 127.0.0.1 (the default).",
            e);
      }
      throw new CommandFailure(
          ExitStatus.ENVIRONMENT,
          "Cannot listen on "
              + bind
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "). Another console may be running; pick another port with --port, or"
              + " --port 0 for any free one.",
          e);
    }
  }
}
