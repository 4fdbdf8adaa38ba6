package dev.overtime.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;

/** The {@code overtime} command's entry point; see docs/cli.md. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> environment = System.getenv();
    HomePreload.startFor(args, environment);
    int exitCode = OvertimeCli.execute(args, environment, Terminal.detect(), null, null);
    ArchiveTraining.runIfDumping(args, environment);
    System.exit(exitCode);
  }

  /** Standard output as picocli writes it: in {@code sun.stdout.encoding}, else the default. */
  static PrintWriter standardOutput() {
    String encoding = System.getProperty("sun.stdout.encoding");
    Charset charset;
    try {
      charset =
          encoding == null
              ? Charset.defaultCharset()
              : Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
    } catch (RuntimeException e) {
      charset = Charset.defaultCharset();
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, charset)), true);
  }
}
