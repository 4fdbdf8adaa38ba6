package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.AttemptCases;
import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Began;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.StopRequest;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local engine's fact-building, driven through every row of the lifecycle table with raw
 * inputs.
 */
class LocalAttemptsTest {
  @TempDir Path runDirectory;

  static List<AttemptCases.Case> cases() {
    return AttemptCases.all();
  }

  static StoredRun row(
      int attempt, int maxAttempts, int failedStarts, StopRequest stop, boolean marksBegan) {
    return new StoredRun(
        AttemptCases.RUN_ID,
        "job",
        RunStatus.RUNNING,
        attempt,
        maxAttempts,
        null,
        1000,
        128,
        1,
        "owner",
        1,
        1,
        2,
        3,
        0,
        42,
        7,
        stop,
        null,
        null,
        null,
        failedStarts,
        marksBegan,
        0,
        1,
        java.util.List.of(),
        0,
        0,
        null,
        0,
        0,
        null);
  }

  /** What the local engine decides for this row's raw inputs: a stored row, files, an exit code. */
  static Verdict localVerdict(AttemptCases.Case row, Path runDirectory) throws IOException {
    StoredRun run =
        row(
            row.attempt(),
            row.maxAttempts(),
            row.failedStarts(),
            row.stop(),
            row.began() != Began.UNKNOWN);
    RunOutcome outcome = row.outcome();
    if (outcome != null) {
      Files.write(
          LocalAttempts.outcomeFile(runDirectory, outcome.attempt()),
          OutcomeDocument.write(outcome));
    }
    if (row.began() == Began.YES) {
      Files.write(
          LocalAttempts.beganFile(runDirectory, row.attempt()),
          BeganDocument.write(AttemptCases.RUN_ID, row.attempt(), Instant.now()));
    }
    AttemptFact fact =
        switch (row.kind()) {
          // Locally the outcome is only read once the process has exited.
          case EXITED, REPORTED -> LocalAttempts.ended(run, runDirectory, row.exitCode());
          case VANISHED -> LocalAttempts.ended(run, runDirectory, null);
          case NEVER_STARTED ->
              LocalAttempts.notStarted(new IOException("Cannot run program \"java\": error=2"));
        };
    return AttemptLifecycle.decide(LocalAttempts.state(run), fact);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void localFactsReachTheVerdictOfEveryRow(AttemptCases.Case row) throws IOException {
    Verdict verdict = localVerdict(row, runDirectory);
    assertTrue(row.matches(verdict), row + ": " + verdict);
  }

  @Test
  void anUnreadableOutcomeIsNoOutcome() throws IOException {
    Files.writeString(
        LocalAttempts.outcomeFile(runDirectory, 1), "{\"runId\":", StandardCharsets.UTF_8);
    AttemptFact fact = LocalAttempts.ended(row(1, 1, 0, StopRequest.NONE, true), runDirectory, 1);
    assertEquals(null, fact.outcome());
  }

  @Test
  void anUnreadableBeganDocumentMeansTheHandlerMayHaveBegun() throws IOException {
    Files.writeString(LocalAttempts.beganFile(runDirectory, 1), "not json", StandardCharsets.UTF_8);
    AttemptFact.Exited fact =
        (AttemptFact.Exited)
            LocalAttempts.ended(row(1, 1, 0, StopRequest.NONE, true), runDirectory, 137);
    assertEquals(Began.UNKNOWN, fact.began());
  }

  @Test
  void aRowOfAnOlderEngineNeverClaimsTheHandlerDidNotBegin() {
    AttemptFact.Exited fact =
        (AttemptFact.Exited)
            LocalAttempts.ended(row(1, 1, 0, StopRequest.NONE, false), runDirectory, 137);
    assertEquals(Began.UNKNOWN, fact.began());
  }
}
