package dev.overtime.aws.invoker;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invoker's fact-building, driven through every row of the lifecycle table with raw inputs (a
 * stored run, an ECS task state, the objects in the bucket); the local engine's test drives the
 * same rows, so equal attempt facts give equal verdicts on both engines.
 */
class InvokerAttemptsTest {
  private static final Instant AT = Instant.parse("2026-11-27T07:00:00Z");

  static List<AttemptCases.Case> cases() {
    return AttemptCases.all();
  }

  static StoredRun stored(
      int attempt, int failedStarts, boolean cancelRequested, boolean marksBegan) {
    return new StoredRun(
        AttemptCases.RUN_ID,
        "job",
        AT,
        600,
        "{}",
        null,
        null,
        attempt,
        "arn:task",
        AT.plusSeconds(600),
        AT,
        cancelRequested ? AT : null,
        null,
        null,
        null,
        failedStarts,
        marksBegan,
        AT,
        AT,
        List.of(),
        null,
        null,
        false,
        RunControl.NONE);
  }

  static TaskState stopped(Integer exitCode, String stopCode) {
    return new TaskState(
        "STOPPED",
        exitCode,
        exitCode == null
            ? "CannotPullContainerError: no such image"
            : "Essential container in task exited",
        stopCode,
        AT,
        AT.plusSeconds(1));
  }

  /** What the invoker decides for this row's raw inputs. */
  static Verdict invokerVerdict(AttemptCases.Case row) {
    StoredRun run =
        stored(
            row.attempt(),
            row.failedStarts(),
            row.stop() == StopRequest.CANCEL,
            row.began() != Began.UNKNOWN);
    // What is at the current attempt's keys: an earlier attempt's document lives under its own key.
    RunOutcome outcome =
        row.outcome() == null || row.outcome().attempt() != row.attempt()
            ? null
            : OutcomeDocument.read(OutcomeDocument.write(row.outcome()));
    Optional<byte[]> beganObject =
        row.began() == Began.YES
            ? Optional.of(BeganDocument.write(AttemptCases.RUN_ID, row.attempt(), AT))
            : Optional.empty();
    Optional<TaskState> task =
        switch (row.kind()) {
          case EXITED -> Optional.of(stopped(row.exitCode(), "EssentialContainerExited"));
          case VANISHED -> Optional.empty();
          case REPORTED -> Optional.of(new TaskState("RUNNING", null, null, null, AT, null));
          case NEVER_STARTED -> Optional.of(stopped(null, "TaskFailedToStart"));
        };
    AttemptFact fact =
        InvokerAttempts.fact(run, task, outcome, InvokerAttempts.began(run, beganObject), AT)
            .orElseThrow();
    return AttemptLifecycle.decide(InvokerAttempts.state(run, row.maxAttempts()), fact);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void invokerFactsReachTheVerdictOfEveryRow(AttemptCases.Case row) {
    // The invoker records no timeout stop: the bootstrap enforces the deadline and reports
    // TIMED_OUT itself.
    Assumptions.assumeTrue(
        row.stop() != StopRequest.TIMEOUT, "the invoker never requests a timeout stop");
    Verdict verdict = invokerVerdict(row);
    assertTrue(row.matches(verdict), row + ": " + verdict);
  }

  @Test
  void aRunningTaskWithoutItsOutcomeIsStillGoing() {
    assertEquals(
        Optional.empty(),
        InvokerAttempts.fact(
            stored(1, 0, false, true),
            Optional.of(new TaskState("RUNNING", null, null, null, AT, null)),
            null,
            Began.YES,
            AT));
  }

  @Test
  void aTaskStoppedWithoutExitCodeAfterItsHandlerBeganVanished() {
    AttemptFact fact =
        InvokerAttempts.fact(
                stored(1, 0, false, true),
                Optional.of(stopped(null, "SpotInterruption")),
                null,
                Began.YES,
                AT)
            .orElseThrow();
    assertEquals(new AttemptFact.Vanished(null, Began.YES), fact);
  }

  @Test
  void aTaskNotYetVisibleRightAfterRunTaskIsNotGone() {
    // Launched at AT, never seen running: DescribeTasks may not know it for a while.
    StoredRun launched = stored(1, 0, false, true).withStartedAt(null);
    assertEquals(
        Optional.empty(),
        InvokerAttempts.fact(launched, Optional.empty(), null, Began.NO, AT.plusSeconds(5)));
    assertEquals(
        Optional.of(new AttemptFact.Vanished(null, Began.NO)),
        InvokerAttempts.fact(
            launched,
            Optional.empty(),
            null,
            Began.NO,
            AT.plus(InvokerAttempts.VISIBILITY_GRACE).plusSeconds(1)));
    // Once seen, a task ECS no longer knows has vanished at once.
    assertEquals(
        Optional.of(new AttemptFact.Vanished(null, Began.YES)),
        InvokerAttempts.fact(
            stored(1, 0, false, true), Optional.empty(), null, Began.YES, AT.plusSeconds(5)));
  }

  @Test
  void theGraceCountsFromRunTaskNotFromWhenTheStartWasDue() {
    // A retry due at AT whose RunTask was sent ten minutes late (a late schedule, the sweep).
    StoredRun late =
        stored(2, 0, false, true).withStartedAt(null).withTask("arn:late", AT.plusSeconds(600));
    assertEquals(
        Optional.empty(),
        InvokerAttempts.fact(late, Optional.empty(), null, Began.NO, AT.plusSeconds(605)),
        "not visible 5 s after RunTask is not gone, however long ago the start was due");
  }

  @Test
  void anOutcomeWinsOverATaskNotYetVisible() {
    StoredRun launched = stored(1, 0, false, true).withStartedAt(null);
    RunOutcome succeeded =
        new RunOutcome(
            AttemptCases.RUN_ID,
            "job",
            1,
            dev.overtime.contract.Ending.SUCCEEDED,
            "42",
            null,
            false,
            AT.plusSeconds(3));
    AttemptFact fact =
        InvokerAttempts.fact(
                launched, Optional.empty(), succeeded, Began.UNKNOWN, AT.plusSeconds(5))
            .orElseThrow();
    assertEquals(
        dev.overtime.contract.Ending.SUCCEEDED,
        AttemptLifecycle.decide(InvokerAttempts.state(launched, 1), fact).ending());
  }

  @Test
  void aRecordOfAnOlderInvokerNeverClaimsTheHandlerDidNotBegin() {
    assertEquals(
        Began.UNKNOWN, InvokerAttempts.began(stored(1, 0, false, false), Optional.empty()));
    assertEquals(
        Began.UNKNOWN,
        InvokerAttempts.began(
            stored(1, 0, false, true), Optional.of("garbage".getBytes(StandardCharsets.UTF_8))));
  }
}
