package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.AttemptCases;
import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Began;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.Ending;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.StopRequest;
import dev.overtime.contract.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Slurm engine's fact-building, driven through every row of the lifecycle table with raw
 * inputs: the files of a run directory and an exit code.
 */
class SlurmAttemptsTest {
  @TempDir Path directory;

  static List<AttemptCases.Case> cases() {
    return AttemptCases.all();
  }

  private RunSpec spec(int maxAttempts) throws Exception {
    return TestRuns.spec(directory, AttemptCases.RUN_ID, "job", Instant.now(), maxAttempts);
  }

  /** The files a row's attempt left, and the slot they belong to. */
  private Slot lay(RunFiles files, AttemptCases.Case row) throws Exception {
    Files.createDirectories(files.directory());
    for (int start = 1; start <= row.failedStarts(); start++) {
      Slot failed = new Slot(row.attempt(), start);
      RecordFile.of(Map.of("jobId", "1")).createAt(files.claimFile(failed));
      RecordFile.of(Map.of("action", "START_AGAIN", "notBefore", Instant.now().toString()))
          .createAt(files.endFile(failed));
    }
    Slot slot = new Slot(row.attempt(), row.failedStarts() + 1);
    RecordFile.of(Map.of("jobId", "1")).createAt(files.claimFile(slot));
    if (row.stop() == StopRequest.CANCEL) {
      RecordFile.of(Map.of("requestedAt", Instant.now().toString()))
          .createAt(files.file(RunFiles.CANCEL));
    } else if (row.stop() == StopRequest.TIMEOUT) {
      Files.write(files.timeoutFile(slot), new byte[0]);
    }
    if (row.outcome() != null) {
      Files.write(files.outcomeFile(slot), OutcomeDocument.write(row.outcome()));
    }
    if (row.began() == Began.YES) {
      Files.write(
          files.beganFile(slot),
          BeganDocument.write(AttemptCases.RUN_ID, row.attempt(), Instant.now()));
    } else if (row.began() == Began.UNKNOWN) {
      Files.writeString(files.beganFile(slot), "not json", StandardCharsets.UTF_8);
    }
    return slot;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void slurmFactsReachTheVerdictOfEveryRow(AttemptCases.Case row) throws Exception {
    RunSpec spec = spec(row.maxAttempts());
    RunFiles files = new RunFiles(directory.resolve("run"));
    Slot slot = lay(files, row);
    AttemptFact fact =
        switch (row.kind()) {
          case EXITED, REPORTED -> SlurmAttempts.exited(spec, files, slot, row.exitCode());
          case VANISHED -> SlurmAttempts.vanished(spec, files, slot);
          case NEVER_STARTED -> SlurmAttempts.neverStarted("no java");
        };
    Verdict verdict = AttemptLifecycle.decide(SlurmAttempts.state(spec, files, slot), fact);
    assertTrue(row.matches(verdict), row + ": " + verdict);
  }

  /**
   * Beyond the table: a process that vanished leaving a CANCELLED outcome although no cancel was
   * recorded was stopped by Slurm (time limit, requeue, node shutdown), not cancelled.
   */
  @Test
  void aCancelledOutcomeThatNoCancelAskedForIsALostAttempt() throws Exception {
    RunSpec spec = spec(2);
    RunFiles files = new RunFiles(directory.resolve("run"));
    Files.createDirectories(files.directory());
    Files.write(
        files.outcomeFile(Slot.FIRST),
        OutcomeDocument.write(
            new RunOutcome(
                AttemptCases.RUN_ID,
                "job",
                1,
                Ending.CANCELLED,
                null,
                new dev.overtime.contract.AttemptError("overtime.cancelled", "SIGTERM"),
                false,
                Instant.now())));
    Files.write(
        files.beganFile(Slot.FIRST), BeganDocument.write(AttemptCases.RUN_ID, 1, Instant.now()));

    Verdict verdict =
        AttemptLifecycle.decide(
            SlurmAttempts.state(spec, files, Slot.FIRST),
            SlurmAttempts.vanished(spec, files, Slot.FIRST));

    assertEquals(Verdict.Action.RETRY, verdict.action());
    assertEquals(Ending.LOST, verdict.ending());
  }
}
