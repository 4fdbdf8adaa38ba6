package dev.overtime.bootstrap;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;

/**
 * Standard output and standard error of an attempt, as seen by the bootstrap's own lines ({@code
 * [overtime] job ... failed}, {@code passed its deadline}, {@code SIGTERM: cancelling}): {@link
 * #install} puts streams in front of {@code System.out} and {@code System.err} that remember
 * whether the last byte written to either was a newline (on the local engine both go to the run's
 * one log file), so that {@link #startLine} can end a line the job left open (a progress indicator
 * written with {@code print}) before the bootstrap writes its own. Without {@link #install} it only
 * flushes.
 */
final class JobOutput {
  private static volatile boolean atLineStart = true;

  private JobOutput() {}

  /** Replaces {@code System.out} and {@code System.err} with tracking streams over them. */
  static void install() {
    System.setOut(tracking(System.out, "stdout.encoding", "sun.stdout.encoding"));
    System.setErr(tracking(System.err, "stderr.encoding", "sun.stderr.encoding"));
  }

  /**
   * Flushes the job's standard output, so that what it wrote comes before the bootstrap's line on
   * {@code err}, and ends its last line if it left one open.
   */
  static void startLine(PrintStream err) {
    System.out.flush();
    err.flush();
    if (!atLineStart) {
      err.println();
      err.flush();
    }
  }

  private static PrintStream tracking(PrintStream target, String property, String legacyProperty) {
    String encoding =
        System.getProperty(
            property, System.getProperty(legacyProperty, Charset.defaultCharset().name()));
    OutputStream tracked =
        new FilterOutputStream(target) {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
            atLineStart = b == '\n';
          }

          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            if (length > 0) {
              atLineStart = bytes[offset + length - 1] == '\n';
            }
          }
        };
    try {
      return new PrintStream(tracked, true, encoding);
    } catch (UnsupportedEncodingException e) {
      return new PrintStream(tracked, true, Charset.defaultCharset());
    }
  }
}
