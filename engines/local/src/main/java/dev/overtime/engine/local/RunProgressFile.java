package dev.overtime.engine.local;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.spi.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runs/<id>/progress.json}: the latest progress of a run, kept by the run's own process
 * (passed as {@code OVERTIME_PROGRESS_URI}, replaced whole at most every 250 ms). Readers attach it
 * to the run's record; the supervisor never copies it into {@code runs.db}, so a reporting job
 * costs the store nothing.
 */
final class RunProgressFile {
  static final String NAME = "progress.json";

  private RunProgressFile() {}

  static Path of(Path runDirectory) {
    return runDirectory.resolve(NAME);
  }

  /** {@code record} with the progress in its run directory under {@code runs}, if there is one. */
  static RunRecord attach(Path runs, RunRecord record) {
    byte[] document;
    try {
      document = Files.readAllBytes(of(runs.resolve(record.id())));
    } catch (NoSuchFileException e) {
      return record;
    } catch (IOException | RuntimeException e) {
      return record; // progress is advisory: an unreadable file reads as none
    }
    return Progress.attach(record, document);
  }

  static List<RunRecord> attachAll(Path runs, List<RunRecord> records) {
    List<RunRecord> attached = new ArrayList<>(records.size());
    for (RunRecord record : records) {
      attached.add(attach(runs, record));
    }
    return attached;
  }
}
