package dev.overtime.cli;

import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.tooling.app.AppLoadException;
import dev.overtime.tooling.payload.InvalidPayloadInput;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
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

  /** Settings for the whole hierarchy: picocli applies them to the subcommands added so far. */
  private static CommandLine configure(CommandLine commandLine) {
    // "--payload @file.json" is ours to read; picocli's own @argfile expansion would eat it.
    commandLine.setExpandAtFiles(false);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(OvertimeCli::handle);
    commandLine.setExitCodeExceptionMapper(error -> ExitStatus.BAD_INPUT.code());
    return commandLine;
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
