package dev.overtime.cli;

import dev.overtime.engine.local.LocalEngine;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code overtime} command. Holds what every subcommand shares: the home and the terminal.
 * Its subcommands are registered by {@link Subcommands}, only the one a command line needs.
 */
@Command(
    name = "overtime",
    mixinStandardHelpOptions = true,
    versionProvider = OvertimeVersion.class,
    description = {
      "Run, watch and cancel Overtime jobs on this machine.",
      "Runs live under OVERTIME_HOME, shared with any application that uses the same home."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime jobs --app target/my-app.jar",
      "  overtime run factorial --app target/my-app.jar --payload '{\"num\": 20}' --wait",
      "  overtime runs --status RUNNING",
      "  overtime console --app target/my-app.jar",
      "  overtime deploy target/my-app.jar --out overtime-stack.json",
      "",
      "Exit codes: 0 ok (run SUCCEEDED), 1 run FAILED, 2 bad input, 3 run CANCELLED,",
      "  4 run TIMED_OUT, 5 run LOST, 6 job or run not found, 7 environment (file, port),",
      "  70 internal error. Details: docs/cli.md"
    })
public final class OvertimeCommand implements Runnable {
  private final Terminal terminal;

  @Spec private CommandSpec spec;

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      paramLabel = "<dir>",
      description = "Where runs are recorded (default: $OVERTIME_HOME, else ./.overtime).")
  private Path home;

  public OvertimeCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command; see the list below.");
  }

  /** The home given by {@code --home}, else {@code $OVERTIME_HOME}, else {@code ./.overtime}. */
  public Path home() {
    if (home != null) {
      return home.toAbsolutePath().normalize();
    }
    return LocalEngine.homeFrom(System.getenv()).toAbsolutePath().normalize();
  }

  /** Whether {@code --home} was given, so hints for follow-up commands repeat it. */
  public boolean homeGiven() {
    return home != null;
  }

  public Terminal terminal() {
    return terminal;
  }
}
