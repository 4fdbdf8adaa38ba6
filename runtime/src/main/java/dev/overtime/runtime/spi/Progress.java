package dev.overtime.runtime.spi;

import dev.overtime.contract.ProgressDocument;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import java.util.Optional;

/**
 * How an engine turns the progress document its run's process keeps at {@code
 * OVERTIME_PROGRESS_URI} into the {@link RunProgress} of the run's record.
 *
 * <pre>{@code
 * RunRecord record = Progress.attach(stored.toRecord(), Files.readAllBytes(progressFile));
 * }</pre>
 */
public final class Progress {
  private Progress() {}

  /** The progress in {@code document}, or empty when it is null, broken or another run's. */
  public static Optional<RunProgress> read(byte[] document, String runId) {
    if (document == null) {
      return Optional.empty();
    }
    return ProgressDocument.read(document, runId)
        .map(r -> new RunProgress(r.fraction(), r.message(), r.reportedAt()));
  }

  /**
   * {@code record} with the progress in {@code document}, or unchanged when there is none or it is
   * of another attempt than the record's (a retry shows only what it reports itself).
   */
  public static RunRecord attach(RunRecord record, byte[] document) {
    if (document == null) {
      return record;
    }
    return attach(
        record,
        ProgressDocument.read(document, record.id())
            .filter(r -> r.attempt() == record.attempt())
            .map(r -> new RunProgress(r.fraction(), r.message(), r.reportedAt()))
            .orElse(null));
  }

  /** {@code record} with {@code progress}, or unchanged when it is null. */
  public static RunRecord attach(RunRecord record, RunProgress progress) {
    if (progress == null) {
      return record;
    }
    RunDetails details = record.details().toBuilder().progress(progress).build();
    return record.withDetails(details);
  }
}
