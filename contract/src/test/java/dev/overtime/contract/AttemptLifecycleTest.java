package dev.overtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AttemptLifecycleTest {
  static List<AttemptCases.Case> cases() {
    return AttemptCases.all();
  }

  /** The facts straight from the row, as an engine with a perfect view would build them. */
  static AttemptFact fact(AttemptCases.Case row) {
    return switch (row.kind()) {
      case EXITED -> new AttemptFact.Exited(row.exitCode(), row.outcome(), row.began());
      case VANISHED -> new AttemptFact.Vanished(row.outcome(), row.began());
      case REPORTED -> new AttemptFact.Reported(row.outcome());
      case NEVER_STARTED -> new AttemptFact.NeverStarted("no such file: java");
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseHasItsVerdict(AttemptCases.Case row) {
    Verdict verdict = AttemptLifecycle.decide(row.state(), fact(row));
    assertTrue(row.matches(verdict), row + ": " + verdict);
  }

  @Test
  void theStartLimitIsReachedOnTheThirdFailedStartWithoutUsingRetries() {
    RunState run = new RunState(AttemptCases.RUN_ID, 1, 1, 0, StopRequest.NONE);
    AttemptFact never = new AttemptFact.NeverStarted("java: not found");
    int starts = 0;
    Verdict verdict;
    do {
      verdict =
          AttemptLifecycle.decide(new RunState(run.runId(), 1, 1, starts, StopRequest.NONE), never);
      starts++;
    } while (verdict.action() == Verdict.Action.START_AGAIN);
    assertEquals(AttemptLifecycle.START_LIMIT, starts);
    assertEquals(Ending.FAILED, verdict.ending());
    assertTrue(
        verdict.error().message().contains("Could not start attempt 1"), verdict.error().message());
    assertTrue(verdict.error().message().contains("java: not found"), verdict.error().message());
  }

  @Test
  void aJobsOwnErrorIsKeptAsItsVerdictsError() {
    Verdict verdict =
        AttemptLifecycle.decide(
            new RunState(AttemptCases.RUN_ID, 1, 1, 0, StopRequest.NONE),
            new AttemptFact.Exited(1, AttemptCases.Document.FAILED.outcome(1), Began.YES));
    assertEquals(new AttemptError("java.lang.IllegalStateException", "boom"), verdict.error());
  }

  @Test
  void exitWithoutOutcomeNamesTheCode() {
    Verdict verdict =
        AttemptLifecycle.decide(
            new RunState(AttemptCases.RUN_ID, 1, 1, 0, StopRequest.NONE),
            new AttemptFact.Exited(137, null, Began.YES));
    assertTrue(
        verdict.error().message().contains("exited with code 137"), verdict.error().message());
  }

  @Test
  void aReportedFactOfAnotherAttemptIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AttemptLifecycle.decide(
                new RunState(AttemptCases.RUN_ID, 2, 2, 0, StopRequest.NONE),
                new AttemptFact.Reported(AttemptCases.Document.OF_AN_EARLIER_ATTEMPT.outcome(2))));
  }
}
