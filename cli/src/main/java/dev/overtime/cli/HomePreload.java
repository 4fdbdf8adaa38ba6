package dev.overtime.cli;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Starts loading the SQLite driver for a command that will read a local home ({@code runs}, {@code
 * status}, {@code logs}) before picocli builds its command line, so that the two run side by side
 * ({@link LocalRunReader#preload}). It reads the home and engine from the arguments as the root
 * command does ({@code --home}, {@code --engine}, else {@code OVERTIME_HOME}, {@code
 * OVERTIME_ENGINE}); when in doubt it does nothing, and whatever it does changes no output: the
 * command itself still parses, opens and reports everything.
 */
final class HomePreload {
  /** The commands that open a local home read-only. */
  private static final Set<String> READERS = Set.of("runs", "status", "logs");

  private HomePreload() {}

  static void startFor(String[] args, Map<String, String> environment) {
    List<String> arguments = List.of(args);
    String command = Subcommands.commandName(arguments);
    if (command == null || !READERS.contains(command)) {
      return;
    }
    String engine = option(arguments, "--engine");
    if (engine == null) {
      engine = environment.get(dev.overtime.runtime.Engines.ENGINE_VARIABLE);
    }
    if (engine != null
        && !engine.isBlank()
        && !engine.trim().toLowerCase(Locale.ROOT).equals(LocalEngine.NAME)) {
      return;
    }
    Path home = home(arguments, environment);
    if (home != null) {
      LocalRunReader.preload(home);
    }
  }

  /**
   * The home the arguments name ({@code --home}, else {@code OVERTIME_HOME}, else {@code
   * .overtime}), or null when it is no valid path (the command itself reports that).
   */
  static Path home(List<String> args, Map<String, String> environment) {
    String home = option(args, "--home");
    try {
      return home != null ? Path.of(home) : LocalEngine.homeFrom(environment);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The value of {@code --name <value>} or {@code --name=<value>}, before any {@code --}. */
  private static String option(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        return null;
      }
      if (arg.equals(name)) {
        return i + 1 < args.size() ? args.get(i + 1) : null;
      }
      if (arg.startsWith(name)
          && arg.length() > name.length()
          && arg.charAt(name.length()) == '=') {
        return arg.substring(name.length() + 1);
      }
    }
    return null;
  }
}
