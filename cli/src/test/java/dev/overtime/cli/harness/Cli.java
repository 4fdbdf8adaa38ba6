package dev.overtime.cli.harness;

import dev.overtime.cli.OvertimeCli;
import dev.overtime.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code overtime} in this JVM, as {@code ./overtime} would, with output captured. */
public final class Cli {
  private final Path home;

  public Cli(Path home) {
    this.home = home;
  }

  /** Runs the command with {@code --home} set to this harness's home. */
  public CliResult run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home");
    all.add(home.toString());
    return runExactly(all.toArray(String[]::new));
  }

  /**
   * Runs the command with exactly these arguments, as {@code ./overtime} does: plain {@code runs}
   * and {@code status} command lines without picocli, the others through it.
   */
  public static CliResult runExactly(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        OvertimeCli.execute(
            args,
            System.getenv(),
            Terminal.plain(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliResult(exitCode, out.toString(), err.toString());
  }

  /** Runs the command with exactly these arguments through picocli only. */
  public static CliResult runThroughPicocli(String... args) {
    CommandLine commandLine = OvertimeCli.commandLine(Terminal.plain());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliResult(exitCode, out.toString(), err.toString());
  }

  public Path home() {
    return home;
  }
}
