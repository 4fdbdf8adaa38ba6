package dev.overtime.cli;

import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.tooling.app.AppLoadException;
import dev.overtime.tooling.payload.InvalidPayloadInput;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Builds the {@code overtime} command line: the root command, its subcommands, and how failures
 * become messages and exit codes ({@link ExitStatus}).
 */
public final class OvertimeCli {
  /** Set (to anything) to print the stack trace of every error, not only of internal ones. */
  static final String DEBUG_VARIABLE = "OVERTIME_DEBUG";

  private OvertimeCli() {}

  /**
   * A command line with every subcommand, ready to {@code execute(args)}; tests capture output with
   * setOut/setErr.
   */
  public static CommandLine commandLine(Terminal terminal) {
    CommandLine commandLine = new CommandLine(new OvertimeCommand(terminal));
    Subcommands.addAll(commandLine);
    return configure(commandLine);
  }

  /**
   * A command line for {@code args} only: with the one subcommand they name (or all of them when
   * they name none), so that a command does not pay for building the others.
   */
  public static CommandLine commandLine(Terminal terminal, String... args) {
    CommandLine commandLine = new CommandLine(new OvertimeCommand(terminal));
    Subcommands.addFor(commandLine, java.util.List.of(args));
    return configure(commandLine);
  }

  /**
   * Runs one command line as {@code overtime} does: {@link DirectCommands} when it can (a plain
   * {@code runs} or {@code status}), else picocli with a command line for {@code args}.
   *
   * @param environment the process environment ({@code OVERTIME_HOME}, {@code OVERTIME_ENGINE})
   * @param out where output goes; null for standard output
   * @param err where errors go; null for standard error
   * @return the exit code
   */
  public static int execute(
      String[] args,
      Map<String, String> environment,
      Terminal terminal,
      PrintWriter out,
      PrintWriter err) {
    int exitCode =
        DirectCommands.run(args, environment, terminal, out != null ? out : Main.standardOutput());
    if (exitCode != DirectCommands.NOT_HANDLED) {
      return exitCode;
    }
    CommandLine commandLine = commandLine(terminal, args);
    if (out != null) {
      commandLine.setOut(out);
    }
    if (err != null) {
      commandLine.setErr(err);
    }
    return commandLine.execute(args);
  }

  /** Settings for the whole hierarchy: picocli applies them to the subcommands added so far. */
  private static CommandLine configure(CommandLine commandLine) {
    // "--payload @file.json" is ours to read; picocli's own @argfile expansion would eat it.
    commandLine.setExpandAtFiles(false);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // Named classes, not a method reference and a lambda: the first lambda of a JVM costs tens of
    // milliseconds of method-handle set-up, and these would be a short command's only ones.
    commandLine.setExecutionExceptionHandler(new ExecutionFailures());
    commandLine.setExitCodeExceptionMapper(new BadInputExitCode());
    return commandLine;
  }

  /** Turns a command's exception into a message and an exit code. */
  private static final class ExecutionFailures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
      return handle(error, commandLine, parsed);
    }
  }

  /** Every other failure (of parsing the command line) is bad input. */
  private static final class BadInputExitCode implements CommandLine.IExitCodeExceptionMapper {
    @Override
    public int getExitCode(Throwable error) {
      return ExitStatus.BAD_INPUT.code();
    }
  }

  private static int handle(
      Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    ExitStatus status;
    String message;
    if (error instanceof CommandFailure failure) {
      status = failure.status();
      message = failure.getMessage();
    } else if (error instanceof InvalidPayloadInput invalid) {
      status = ExitStatus.BAD_INPUT;
      message = invalid.getMessage();
    } else if (error instanceof AppLoadException unusable) {
      status =
          unusable.kind() == AppLoadException.Kind.USAGE
              ? ExitStatus.BAD_INPUT
              : ExitStatus.ENVIRONMENT;
      message = unusable.getMessage();
    } else if (error instanceof UnknownRunId unknown) {
      status = ExitStatus.NOT_FOUND;
      message = unknown.getMessage();
    } else if (error instanceof InvalidPayloadException invalid) {
      status = ExitStatus.BAD_INPUT;
      message = "invalid payload at " + invalid.getMessage();
    } else if (error instanceof UnknownRunException unknown) {
      status = ExitStatus.NOT_FOUND;
      message = unknown.getMessage();
    } else if (error instanceof EngineUnavailableException unavailable) {
      // The store is busy, full, unwritable or refused: its message names the file and the fix.
      status = ExitStatus.ENVIRONMENT;
      message = unavailable.getMessage();
    } else if (error instanceof UnsupportedOperationException unsupported
        && thrownByOvertime(unsupported)) {
      // An engine refusing what it cannot do (re-run on Slurm, a tag filter on AWS): its message
      // names the engine and what to do instead. One thrown by the JDK (an unmodifiable list) is
      // a bug and stays an internal error.
      status = ExitStatus.BAD_INPUT;
      message = unsupported.getMessage();
    } else {
      status = ExitStatus.INTERNAL;
      message =
          "internal error: "
              + error
              + "\nThis is a bug in Overtime; please report it with the"
              + " stack trace below.";
    }
    err.println(commandLine.getColorScheme().errorText("error: ") + message);
    if (status == ExitStatus.INTERNAL || System.getenv(DEBUG_VARIABLE) != null) {
      error.printStackTrace(err);
    }
    err.flush();
    return status.code();
  }

  private static boolean thrownByOvertime(Exception error) {
    StackTraceElement[] frames = error.getStackTrace();
    return error.getMessage() != null
        && frames.length > 0
        && frames[0].getClassName().startsWith("dev.overtime.");
  }
}
