package dev.overtime.bootstrap;

import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.internal.BlobStores;
import java.io.PrintStream;
import java.net.URI;

/**
 * Writes the outcome document to {@code OVERTIME_RESULT_URI} (atomically, through the URI scheme's
 * {@link dev.overtime.runtime.spi.BlobStore}), or prints it when no URI was given.
 */
final class OutcomeWriter {
  private final URI resultUri;
  private final PrintStream out;
  private final PrintStream err;

  OutcomeWriter(URI resultUri, PrintStream out, PrintStream err) {
    this.resultUri = resultUri;
    this.out = out;
    this.err = err;
  }

  /**
   * Writes the outcome; a failure to write is reported on standard error, never thrown.
   *
   * @return whether the outcome was written (or printed, with no URI to write it to)
   */
  boolean write(RunOutcome outcome) {
    try {
      byte[] document = OutcomeDocument.write(outcome);
      if (resultUri == null) {
        out.println(
            "[overtime] outcome ("
                + RunContract.RESULT_URI
                + " unset): "
                + new String(document, java.nio.charset.StandardCharsets.UTF_8));
        return true;
      }
      BlobStores.forUri(resultUri).write(resultUri, document);
      return true;
    } catch (Exception | LinkageError e) {
      err.println(
          "["
              + ErrorCode.OUTCOME_NOT_WRITTEN
              + "] Could not write the outcome of run "
              + outcome.runId()
              + " ("
              + outcome.status()
              + ") to "
              + resultUri
              + ": "
              + e
              + "; exiting with code "
              + ExitCode.OUTCOME_NOT_WRITTEN.code()
              + " so that the run fails without running again.");
      return false;
    }
  }
}
