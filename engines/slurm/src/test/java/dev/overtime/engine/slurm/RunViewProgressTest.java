package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.ProgressDocument;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's record as its files say it, with the progress its process keeps beside them. */
class RunViewProgressTest {
  private static final String RUN = "01KB6W3V8Z5N7Q2X4Y6A8C0E2G";
  private static final Instant AT = Instant.parse("2026-11-27T07:00:05Z");

  @TempDir Path directory;

  private RunFiles runningRun() throws Exception {
    RunFiles files =
        TestRuns.files(directory, TestRuns.spec(directory, RUN, "transcode", Instant.now(), 2));
    Files.writeString(files.file(RunFiles.PAYLOAD), "{}");
    assertTrue(
        RecordFile.of(
                Map.of("jobId", "42", "restart", "0", "node", "n1", "startedAt", AT.toString()))
            .createAt(files.claimFile(Slot.FIRST)));
    return files;
  }

  private static void report(RunFiles files, int attempt, double fraction) throws Exception {
    Files.write(
        files.file(RunFiles.PROGRESS),
        ProgressDocument.write(new ProgressDocument.Report(RUN, attempt, fraction, "frame 7", AT)));
  }

  @Test
  void aRunningRunCarriesTheProgressOfItsAttempt() throws Exception {
    RunFiles files = runningRun();
    assertTrue(RunView.of(files).orElseThrow().details().progress().isEmpty());

    report(files, 1, 0.7);

    RunRecord record = RunView.of(files).orElseThrow();
    assertEquals(RunStatus.RUNNING, record.status());
    assertEquals(new RunProgress(0.7, "frame 7", AT), record.details().progress().orElseThrow());
  }

  @Test
  void progressOfAnotherAttemptOrABrokenFileReadsAsNone() throws Exception {
    RunFiles files = runningRun();
    report(files, 2, 0.7);
    assertTrue(RunView.of(files).orElseThrow().details().progress().isEmpty());

    Files.writeString(files.file(RunFiles.PROGRESS), "{\"runId\":");
    RunRecord record = RunView.of(files).orElseThrow();
    assertEquals(RunStatus.RUNNING, record.status(), "a broken file never fails the view");
    assertTrue(record.details().progress().isEmpty());
  }
}
