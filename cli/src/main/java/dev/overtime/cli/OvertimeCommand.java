package dev.overtime.cli;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.slurm.SlurmEngine;
import dev.overtime.runtime.Engines;
import dev.overtime.tooling.runs.AwsRuns;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.LocalRuns;
import dev.overtime.tooling.runs.SlurmRuns;
import java.io.PrintStream;
import java.nio.file.Files;
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

  @Option(
      names = "--engine",
      scope = ScopeType.INHERIT,
      paramLabel = "<engine>",
      description =
          "Where run starts and runs, status, logs and cancel look: local, slurm or aws (default:"
              + " $OVERTIME_ENGINE, else local). aws reads the deployed stack named by"
              + " OVERTIME_INVOKER_FUNCTION (docs/aws.md).")
  private String engine;

  public OvertimeCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  /**
   * The root command with {@code --home} and {@code --engine} as given (null when not), for {@link
   * DirectCommands}, which runs a subcommand without picocli. An engine it names must be valid:
   * without picocli there is no command line to report a bad one on.
   */
  static OvertimeCommand of(Terminal terminal, Path home, String engine) {
    OvertimeCommand root = new OvertimeCommand(terminal);
    root.home = home;
    root.engine = engine;
    return root;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command; see the list below.");
  }

  /** The home given by {@code --home}, else {@code $OVERTIME_HOME}, else {@code ./.overtime}. */
  public Path home() {
    Path resolved =
        home != null
            ? home.toAbsolutePath().normalize()
            : LocalEngine.homeFrom(System.getenv()).toAbsolutePath().normalize();
    requireDirectoryOrAbsent(resolved);
    return resolved;
  }

  // A home that does not exist yet simply has no runs; one that is a file is a mistake to report,
  // not a home with no runs in it.
  private void requireDirectoryOrAbsent(Path resolved) {
    if (Files.exists(resolved) && !Files.isDirectory(resolved)) {
      throw new CommandFailure(
          ExitStatus.ENVIRONMENT,
          (home != null ? "--home " : "OVERTIME_HOME ")
              + resolved
              + " is a file, not a directory. Point it at the directory the application records"
              + " its runs in (default ./.overtime).");
    }
  }

  /** Whether {@code OVERTIME_ENGINE=slurm}: runs, status, logs and cancel read its directory. */
  public boolean slurm() {
    return SlurmEngine.NAME.equals(engineName());
  }

  /**
   * Whether runs, status, logs and cancel read a deployed AWS stack: {@code --engine aws} or {@code
   * OVERTIME_ENGINE=aws}.
   */
  public boolean aws() {
    return "aws".equals(engineName());
  }

  private String engineName() {
    String name =
        engine != null ? engine : System.getenv().getOrDefault(Engines.ENGINE_VARIABLE, "");
    name = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (!name.isEmpty() && !name.equals("local") && !name.equals("slurm") && !name.equals("aws")) {
      throw new ParameterException(
          spec.commandLine(),
          (engine != null ? "--engine" : Engines.ENGINE_VARIABLE)
              + " is '"
              + name
              + "'; use local, slurm or aws");
    }
    return name;
  }

  /** Whether any run can be recorded yet (the local home exists; Slurm, AWS: always). */
  public boolean recordsExist() {
    return slurm() || aws() || Files.isDirectory(home());
  }

  /**
   * The recorded runs this process reads and cancels: the home's, the Slurm engine's, or the
   * deployed stack's.
   */
  public HomeRuns openRuns() {
    return openRuns(null, null);
  }

  /**
   * {@link #openRuns()}, where runs this process submits to the local engine start child JVMs on
   * {@code classpath} (the application's; null when this process only reads and cancels) and their
   * output is echoed to {@code echo} (null for none). The deployed stack and Slurm ignore both.
   */
  public HomeRuns openRuns(String classpath, PrintStream echo) {
    if (aws()) {
      return AwsRuns.open(System.getenv());
    }
    return slurm() ? SlurmRuns.open(System.getenv()) : LocalRuns.open(home(), classpath, echo);
  }

  /**
   * The recorded runs, for a command that only reads them ({@code status}, {@code runs}, {@code
   * logs}): a local home is opened read-only, so such a command starts, retries or changes nothing.
   */
  public HomeRuns openRunsReadOnly() {
    if (aws()) {
      return AwsRuns.open(System.getenv());
    }
    return slurm() ? SlurmRuns.open(System.getenv()) : LocalRuns.openReadOnly(home());
  }

  /** Whether {@code --engine} was given, so hints for follow-up commands repeat it. */
  public boolean engineGiven() {
    return engine != null;
  }

  /**
   * What a printed follow-up command ({@code overtime status <id>…}) must repeat to reach the same
   * runs: {@code --engine aws} or {@code --engine slurm} when given, else {@code --home} when
   * given; empty otherwise, with a leading space when not.
   */
  public String followUpOptions() {
    if (aws() || slurm()) {
      return engineGiven() ? " --engine " + (aws() ? "aws" : "slurm") : "";
    }
    return homeGiven() ? " --home " + home() : "";
  }

  /** Whether {@code --home} was given, so hints for follow-up commands repeat it. */
  public boolean homeGiven() {
    return home != null;
  }

  public Terminal terminal() {
    return terminal;
  }
}
