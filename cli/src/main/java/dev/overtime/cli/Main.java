package dev.overtime.cli;

/** The {@code overtime} command's entry point; see docs/cli.md. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exitCode = OvertimeCli.commandLine(Terminal.detect(), args).execute(args);
    System.exit(exitCode);
  }
}
