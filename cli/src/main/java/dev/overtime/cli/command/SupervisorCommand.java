package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.engine.local.SupervisorClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime supervisor start|status|stop}: the process that launches the home's runs. */
@Command(
    name = "supervisor",
    mixinStandardHelpOptions = true,
    description = {
      "Show or stop the supervisor of the home: the one process that launches, retries and ends",
      "its runs. Any command that submits or cancels a run starts it when none is running; it",
      "exits by itself after an idle period (OVERTIME_SUPERVISOR_IDLE, default 60s), but not",
      "while schedules are enabled on the home (overtime schedules enable)."
    },
    subcommands = {
      SupervisorCommand.Start.class,
      SupervisorCommand.Status.class,
      SupervisorCommand.Stop.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime supervisor start    # e.g. at boot, so enabled schedules fire",
      "  overtime supervisor status",
      "  overtime supervisor stop",
      ""
    })
public final class SupervisorCommand implements Runnable {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: start, status or stop.");
  }

  SupervisorClient client() {
    return new SupervisorClient(root.home(), Map.of());
  }

  OvertimeCommand root() {
    return root;
  }

  /** {@code overtime supervisor start}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start the supervisor of the home if none runs: it adopts the home's runs and fires its",
        "enabled schedules (missed fires as their catch-up policy says). Run it at boot, e.g. from",
        "a systemd unit or an @reboot crontab line, when schedules must fire with nobody around."
      },
      footer = {"", "Exit codes: 0 a supervisor runs, 7 none could be started."})
  static final class Start implements Callable<Integer> {
    @ParentCommand private SupervisorCommand parent;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      SupervisorClient client = parent.client();
      boolean running = client.status().isPresent();
      client.wake();
      Optional<SupervisorClient.Status> status = client.status();
      if (status.isEmpty()) {
        throw new CommandFailure(
            ExitStatus.ENVIRONMENT,
            "No supervisor answers on "
                + parent.root().home()
                + " after starting one; see "
                + parent.root().home().resolve("supervisor.log")
                + ".");
      }
      out.println(
          (running ? "The supervisor of " : "Started the supervisor of ")
              + parent.root().home()
              + (running ? " is running" : "")
              + " (pid "
              + status.get().pid()
              + ").");
      out.flush();
      return ExitStatus.OK.code();
    }
  }

  /** {@code overtime supervisor status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Print the supervisor's pid, home, uptime and run counts. Starts nothing.",
      footer = {"", "Exit codes: 0 a supervisor is running, 6 none is."})
  static final class Status implements Callable<Integer> {
    @ParentCommand private SupervisorCommand parent;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<SupervisorClient.Status> status = parent.client().status();
      if (status.isEmpty()) {
        out.println("No supervisor is running on " + parent.root().home() + ".");
        out.flush();
        return ExitStatus.NOT_FOUND.code();
      }
      SupervisorClient.Status s = status.get();
      out.println(String.format("%-12s %d", "Pid", s.pid()));
      out.println(String.format("%-12s %s", "Home", parent.root().home()));
      out.println(String.format("%-12s %s", "Uptime", format(s.uptime())));
      out.println(String.format("%-12s %d", "Running", s.running()));
      out.println(String.format("%-12s %d", "Queued", s.queued()));
      out.println(String.format("%-12s %d", "Concurrency", s.concurrency()));
      out.println(
          String.format(
              "%-12s %s",
              "Idle exit",
              s.schedules() > 0
                  ? "never while schedules are enabled (" + s.schedules() + ")"
                  : format(s.idle())));
      out.flush();
      return ExitStatus.OK.code();
    }

    private static String format(Duration duration) {
      long seconds = duration.toSeconds();
      return seconds < 60
          ? seconds + "s"
          : seconds < 3600 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds / 3600 + "h";
    }
  }

  /** {@code overtime supervisor stop [--force]}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the supervisor. Refused while runs are delayed, queued or running, unless --force:"
            + " then it",
        "stops anyway, running runs go on, and the next command that submits or cancels a run",
        "starts a supervisor that adopts them (timeouts and retries wait until then)."
      },
      footer = {
        "",
        "Exit codes: 0 stopped (or none was running), 7 refused: runs are delayed, queued or"
            + " running."
      })
  static final class Stop implements Callable<Integer> {
    @ParentCommand private SupervisorCommand parent;

    @Spec private CommandSpec spec;

    @Option(
        names = "--force",
        description = "Stop even with runs queued or running; they are adopted later.")
    private boolean force;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      SupervisorClient.StopAnswer answer = parent.client().stop(force, Duration.ofSeconds(10));
      switch (answer.kind()) {
        case REFUSED ->
            throw new CommandFailure(
                ExitStatus.ENVIRONMENT,
                "The supervisor of "
                    + parent.root().home()
                    + " did not stop: "
                    + answer.reason()
                    + ". Wait for them to end, cancel them, or use --force (running runs go on"
                    + " and are adopted by the next supervisor).");
        case NONE_RUNNING ->
            out.println("No supervisor is running on " + parent.root().home() + ".");
        case STOPPED ->
            out.println(
                "Stopped the supervisor of "
                    + parent.root().home()
                    + " (pid "
                    + answer.pid()
                    + ").");
        case STILL_EXITING ->
            out.println(
                "Asked the supervisor of "
                    + parent.root().home()
                    + " (pid "
                    + answer.pid()
                    + ") to stop; it has not exited after 10 s.");
      }
      out.flush();
      return ExitStatus.OK.code();
    }
  }
}
