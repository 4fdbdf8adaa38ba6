package dev.overtime.cli;

import dev.overtime.cli.command.CancelCommand;
import dev.overtime.cli.command.ConsoleCommand;
import dev.overtime.cli.command.DeployCommand;
import dev.overtime.cli.command.JobsCommand;
import dev.overtime.cli.command.LogsCommand;
import dev.overtime.cli.command.ManifestCommand;
import dev.overtime.cli.command.RerunCommand;
import dev.overtime.cli.command.RescheduleCommand;
import dev.overtime.cli.command.RunCommand;
import dev.overtime.cli.command.RunsCommand;
import dev.overtime.cli.command.SchedulesCommand;
import dev.overtime.cli.command.StatusCommand;
import dev.overtime.cli.command.SupervisorCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code overtime} subcommands, registered on demand: picocli builds a command's model (by
 * reflection on its annotations) when it is added, which for all of them costs more than a whole
 * JVM start. A command line that names one subcommand gets only that one; anything else (no
 * command, {@code help}, {@code --help}, an unknown name) gets all, so usage lists every command.
 */
final class Subcommands {
  /** The names, in the order usage lists them. */
  static final List<String> NAMES =
      List.of(
          "jobs",
          "run",
          "runs",
          "status",
          "logs",
          "cancel",
          "rerun",
          "reschedule",
          "manifest",
          "schedules",
          "console",
          "deploy",
          "supervisor");

  private Subcommands() {}

  /** Adds every subcommand, in the order usage lists them, and {@code help}. */
  static void addAll(CommandLine root) {
    for (String name : NAMES) {
      root.addSubcommand(name, create(name));
    }
    root.addSubcommand("help", new CommandLine.HelpCommand());
  }

  /** Adds the subcommand {@code args} names, or all of them when it names none for certain. */
  static void addFor(CommandLine root, List<String> args) {
    String name = commandName(args);
    if (name == null || !NAMES.contains(name)) {
      addAll(root);
    } else {
      root.addSubcommand(name, create(name));
    }
  }

  /**
   * A new command object. A switch, not a map of constructor references: the first lambda of a JVM
   * costs tens of milliseconds of method-handle set-up, a large part of a short command.
   */
  private static Object create(String name) {
    switch (name) {
      case "jobs":
        return new JobsCommand();
      case "run":
        return new RunCommand();
      case "runs":
        return new RunsCommand();
      case "status":
        return new StatusCommand();
      case "logs":
        return new LogsCommand();
      case "cancel":
        return new CancelCommand();
      case "rerun":
        return new RerunCommand();
      case "reschedule":
        return new RescheduleCommand();
      case "manifest":
        return new ManifestCommand();
      case "schedules":
        return new SchedulesCommand();
      case "console":
        return new ConsoleCommand();
      case "deploy":
        return new DeployCommand();
      case "supervisor":
        return new SupervisorCommand();
      default:
        throw new IllegalArgumentException("No overtime command '" + name + "'");
    }
  }

  /**
   * The first argument that is not a root option ({@code --home <dir>}, {@code --home=<dir>}), or
   * null when a root option other than {@code --home} comes first ({@code --help}, {@code
   * --version}, a typo): then all commands are needed.
   */
  static String commandName(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--home")) {
        i++;
      } else if (arg.startsWith("--home=")) {
        continue;
      } else if (arg.startsWith("-")) {
        return null;
      } else {
        return arg;
      }
    }
    return null;
  }
}
