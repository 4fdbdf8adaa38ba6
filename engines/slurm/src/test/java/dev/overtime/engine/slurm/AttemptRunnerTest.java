package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.AttemptError;
import dev.overtime.contract.Ending;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attempt runner against run directories as a crash left them, without Slurm: its java launcher
 * does not exist, so any attempt it started would end as a failed start, never as the outcomes
 * asserted here.
 */
class AttemptRunnerTest {
  private static final String RUN = "01KB6W3V8Z5N7Q2X4Y6A8C0E2G";

  @TempDir Path directory;

  private RunSpec spec(int maxAttempts) throws Exception {
    return TestRuns.spec(directory, RUN, "transcode", Instant.now(), maxAttempts);
  }

  private RunFiles files(RunSpec spec) throws Exception {
    RunFiles files = TestRuns.files(directory, spec);
    Files.writeString(files.file(RunFiles.PAYLOAD), "{}");
    return files;
  }

  private static void claim(RunFiles files, Slot slot, String jobId, int restart) {
    assertTrue(
        RecordFile.of(
                Map.of(
                    "jobId",
                    jobId,
                    "restart",
                    Integer.toString(restart),
                    "node",
                    "n1",
                    "startedAt",
                    Instant.now().toString()))
            .createAt(files.claimFile(slot)));
  }

  @Test
  void aJobRequeuedAfterItsAttemptSucceededRecordsThatOutcomeAndRunsNothingAgain()
      throws Exception {
    RunSpec spec = spec(1);
    RunFiles files = files(spec);
    claim(files, Slot.FIRST, "42", 0);
    Files.write(
        files.outcomeFile(Slot.FIRST),
        OutcomeDocument.write(
            new RunOutcome(
                RUN, "transcode", 1, Ending.SUCCEEDED, "\"done\"", null, false, Instant.now())));

    new AttemptRunner(files, spec, "42", 1, "n2").run();

    RecordFile result = files.finalRecord().orElseThrow();
    assertEquals("SUCCEEDED", result.get("status"));
    assertEquals("\"done\"", result.get("result"));
    assertFalse(Files.exists(files.claimFile(new Slot(1, 2))), "no second start");
    assertFalse(Files.exists(files.claimFile(new Slot(2, 1))), "no second attempt");
  }

  @Test
  void aJobRequeuedMidAttemptTakesTheAttemptAsLostAndRetriesIt() throws Exception {
    RunSpec spec = spec(2);
    RunFiles files = files(spec);
    claim(files, Slot.FIRST, "42", 0);
    Files.writeString(
        files.beganFile(Slot.FIRST),
        new String(
            dev.overtime.contract.BeganDocument.write(RUN, 1, Instant.now()),
            StandardCharsets.UTF_8));
    // What the bootstrap writes on the SIGTERM of a requeue: a cancel nobody asked for.
    Files.write(
        files.outcomeFile(Slot.FIRST),
        OutcomeDocument.write(
            new RunOutcome(
                RUN,
                "transcode",
                1,
                Ending.CANCELLED,
                null,
                new AttemptError("overtime.cancelled", "Cancelled (SIGTERM) during attempt 1"),
                false,
                Instant.now())));

    new AttemptRunner(files, spec, "42", 1, "n2").run();

    RecordFile end = files.end(Slot.FIRST).orElseThrow();
    assertEquals("RETRY", end.get("action"));
    assertEquals("LOST", end.get("ending"));
    assertEquals("overtime.lost", end.get("errorType"));
    // Attempt 2 was claimed and, with no java here, could not start.
    assertTrue(Files.exists(files.claimFile(new Slot(2, 1))));
  }

  @Test
  void aSecondSlurmJobForARunThatIsRunningLeavesIt() throws Exception {
    RunSpec spec = spec(1);
    RunFiles files = files(spec);
    // Claimed by a job that the (absent) controller cannot confirm gone: it may be alive.
    claim(files, Slot.FIRST, "41", 0);

    new AttemptRunner(files, spec, "42", 0, "n2").run();

    assertTrue(files.finalRecord().isEmpty());
    assertTrue(files.end(Slot.FIRST).isEmpty());
    assertTrue(Files.readString(files.file(RunFiles.LOG)).contains("leaves the run"));
  }

  @Test
  void aCancelRecordedBeforeTheFirstStartEndsTheRunWithoutStartingIt() throws Exception {
    RunSpec spec = spec(1);
    RunFiles files = files(spec);
    assertTrue(
        RecordFile.of(Map.of("requestedAt", Instant.now().toString()))
            .createAt(files.file(RunFiles.CANCEL)));

    new AttemptRunner(files, spec, "42", 0, "n1").run();

    assertEquals("CANCELLED", files.finalRecord().orElseThrow().get("status"));
    assertTrue(files.latestSlot().isEmpty(), "nothing was started");
  }
}
