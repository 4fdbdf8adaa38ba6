package dev.overtime.cli;

import java.io.Console;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether standard output is an interactive terminal, where {@code run --wait} may redraw a live
 * status line. Piped or captured output gets plain lines only.
 */
public final class Terminal {
  private final boolean interactive;

  private Terminal(boolean interactive) {
    this.interactive = interactive;
  }

  /** Output that is not a terminal: tests, pipes, files. */
  public static Terminal plain() {
    return new Terminal(false);
  }

  /**
   * An interactive terminal whatever standard output is: for tests of what a terminal shows (the
   * live status line and progress bar).
   */
  public static Terminal interactive() {
    return new Terminal(true);
  }

  /** The terminal of this process, as far as the JDK can tell. */
  public static Terminal detect() {
    Console console = System.console();
    if (console == null
        || System.getenv("NO_COLOR") != null
        || "dumb".equals(System.getenv("TERM"))) {
      return plain();
    }
    return new Terminal(isTerminal(console));
  }

  // JDK 22+ returns a Console even when output is redirected and added Console.isTerminal() to
  // tell;
  // before 22 a non-null Console already means a terminal. We compile for 17, hence the lookup.
  private static boolean isTerminal(Console console) {
    try {
      return (boolean)
          MethodHandles.publicLookup()
              .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class))
              .invoke(console);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  public boolean isInteractive() {
    return interactive;
  }
}
