package dev.overtime.cli;

import dev.overtime.cli.command.RunsCommand;
import dev.overtime.cli.command.StatusCommand;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code overtime runs} and {@code overtime status <runId>} on a local home without picocli, for
 * plain command lines: the options these commands document, each at most once, as {@code --name
 * value} or {@code --name=value}, with values that leave no doubt. Building picocli's model of even
 * one command costs more than a JVM start (reflection on its annotations, a proxy class per
 * annotation type, its converters, and classes that class-data sharing cannot archive because they
 * are compiled for Java 5), which was most of such a command's time.
 *
 * <p>The commands' own code does the work ({@link RunsCommand#print}, {@link StatusCommand#print}),
 * so the output is the same; it goes to a buffer that is printed only when the command succeeds.
 * Anything else returns {@link #NOT_HANDLED} having printed nothing, and picocli runs the command
 * line as always: help and version options, {@code --} and single-dash arguments, an option another
 * command has or one given twice, a value that starts with {@code -} or names a command, a {@code
 * --limit} that is not a plain decimal from 1, a {@code --status} that is not a status's name (in
 * any case), an engine other than {@code local} (by {@code --engine} or {@code OVERTIME_ENGINE}),
 * and any failure (an unknown run, a home that is a file, a store that cannot be read), whose
 * message and exit code picocli's handler gives. These commands only read, so running one again
 * after a failure changes nothing.
 */
final class DirectCommands {
  /** Returned when picocli must run the command line. */
  static final int NOT_HANDLED = -1;

  private DirectCommands() {}

  /**
   * Runs {@code args} if it is a plain {@code runs} or {@code status} command line.
   *
   * @param out where the command's output goes, all at once, when it succeeds
   * @return the exit code, or {@link #NOT_HANDLED} with nothing printed
   */
  static int run(
      String[] args, Map<String, String> environment, Terminal terminal, PrintWriter out) {
    String command = null;
    String runId = null;
    boolean json = false;
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        if (name.equals("--json") && equals < 0 && command != null && !json) {
          json = true;
          continue;
        }
        if (!takesValue(command, name) || values.containsKey(name)) {
          return NOT_HANDLED;
        }
        String value;
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return NOT_HANDLED;
        }
        if (value.isEmpty() || value.startsWith("-") || Subcommands.NAMES.contains(value)) {
          return NOT_HANDLED;
        }
        values.put(name, value);
      } else if (arg.startsWith("-")) {
        return NOT_HANDLED;
      } else if (command == null) {
        if (!arg.equals("runs") && !arg.equals("status")) {
          return NOT_HANDLED;
        }
        command = arg;
      } else if (command.equals("status") && runId == null && !Subcommands.NAMES.contains(arg)) {
        runId = arg;
      } else {
        return NOT_HANDLED;
      }
    }
    if (command == null || (command.equals("status") && runId == null)) {
      return NOT_HANDLED;
    }
    String engine = values.get("--engine");
    String engineNamed =
        engine != null ? engine : environment.getOrDefault(Engines.ENGINE_VARIABLE, "");
    String engineName = engineNamed.trim().toLowerCase(Locale.ROOT);
    if (!engineName.isEmpty() && !engineName.equals(LocalEngine.NAME)) {
      return NOT_HANDLED;
    }
    Path home;
    try {
      home = values.containsKey("--home") ? Path.of(values.get("--home")) : null;
    } catch (InvalidPathException e) {
      return NOT_HANDLED;
    }
    OvertimeCommand root = OvertimeCommand.of(terminal, home, engine);
    StringWriter buffer = new StringWriter();
    PrintWriter printer = new PrintWriter(buffer);
    int exitCode;
    try {
      if (command.equals("status")) {
        exitCode = StatusCommand.of(root, runId, json).print(printer);
      } else {
        RunStatus status = values.containsKey("--status") ? status(values.get("--status")) : null;
        Integer limit = values.containsKey("--limit") ? limit(values.get("--limit")) : 20;
        if ((values.containsKey("--status") && status == null) || limit == null) {
          return NOT_HANDLED;
        }
        exitCode =
            RunsCommand.of(root, values.get("--job"), status, values.get("--tag"), limit, json)
                .print(printer);
      }
    } catch (RuntimeException | LinkageError e) {
      return NOT_HANDLED;
    }
    printer.flush();
    out.write(buffer.toString());
    out.flush();
    return exitCode;
  }

  /** Whether {@code name} is an option with a value of the root or of {@code command}. */
  private static boolean takesValue(String command, String name) {
    if (name.equals("--home") || name.equals("--engine")) {
      return true;
    }
    return "runs".equals(command)
        && (name.equals("--job")
            || name.equals("--status")
            || name.equals("--tag")
            || name.equals("--limit"));
  }

  /** The status named in any case, as picocli reads it; null for anything else. */
  private static RunStatus status(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) {
        return null;
      }
    }
    String upper = value.toUpperCase(Locale.ROOT);
    for (RunStatus status : RunStatus.values()) {
      if (status.name().equals(upper)) {
        return status;
      }
    }
    return null;
  }

  /** A plain decimal from 1 to 999,999,999; null for anything else. */
  private static Integer limit(String value) {
    if (value.length() > 9 || value.charAt(0) < '1' || value.charAt(0) > '9') {
      return null;
    }
    for (int i = 1; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return null;
      }
    }
    return Integer.valueOf(value);
  }
}
