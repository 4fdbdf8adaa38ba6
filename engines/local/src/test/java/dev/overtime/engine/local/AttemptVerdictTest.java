package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.contract.RunOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptVerdictTest {
  private static StoredRun running(int attempt, int maxAttempts, StopReason stop) {
    return new StoredRun("R1", "job", RunStatus.RUNNING, attempt, maxAttempts, null, 1000, 128, 1, "o", 1, 1, 2,
        3, 0, 42, 7, stop, null, null, null);
  }

  private static RunOutcome outcome(int attempt, RunStatus status, boolean retryable) {
    return new RunOutcome("R1", "job", attempt, status, status == RunStatus.SUCCEEDED ? IntNode.valueOf(7) : null,
        status == RunStatus.SUCCEEDED ? null : new RunError("java.lang.X", "m"), retryable, Instant.now());
  }

  @Test
  void writtenSuccessIsKeptEvenIfAStopWasRequestedMeanwhile() {
    AttemptVerdict verdict = AttemptVerdict.decide(running(1, 1, StopReason.CANCEL),
        outcome(1, RunStatus.SUCCEEDED, false), 0);
    assertEquals(RunStatus.SUCCEEDED, verdict.status());
    assertEquals("7", verdict.resultJson());
  }

  @Test
  void stopReasonDecidesWhenTheJobDidNotSucceed() {
    assertEquals(RunStatus.TIMED_OUT, AttemptVerdict.decide(running(1, 3, StopReason.TIMEOUT),
        outcome(1, RunStatus.CANCELLED, false), 3).status());
    AttemptVerdict killed = AttemptVerdict.decide(running(1, 3, StopReason.CANCEL), null, 137);
    assertEquals(RunStatus.CANCELLED, killed.status());
    assertFalse(killed.retry());
  }

  @Test
  void retryableFailureIsRetriedWhileAttemptsRemain() {
    assertTrue(AttemptVerdict.decide(running(2, 3, null), outcome(2, RunStatus.FAILED, true), 1).retry());
    AttemptVerdict last = AttemptVerdict.decide(running(3, 3, null), outcome(3, RunStatus.FAILED, true), 1);
    assertFalse(last.retry());
    assertEquals(new RunError("java.lang.X", "m"), last.error());
  }

  @Test
  void nonRetryableFailureIsNotRetried() {
    assertFalse(AttemptVerdict.decide(running(1, 3, null), outcome(1, RunStatus.FAILED, false), 5).retry());
  }

  @Test
  void outcomeOfAnEarlierAttemptIsIgnored() {
    AttemptVerdict verdict = AttemptVerdict.decide(running(2, 2, null), outcome(1, RunStatus.SUCCEEDED, false), null);
    assertEquals(RunStatus.LOST, verdict.status());
  }

  @Test
  void vanishedProcessIsLostOrRetried() {
    AttemptVerdict lost = AttemptVerdict.decide(running(1, 1, null), null, null);
    assertEquals(RunStatus.LOST, lost.status());
    assertEquals("overtime.lost", lost.error().type());
    assertFalse(lost.retry());
    assertTrue(AttemptVerdict.decide(running(1, 2, null), null, null).retry());
  }

  @Test
  void exitWithoutOutcomeIsAFailureNamingTheCode() {
    AttemptVerdict crashed = AttemptVerdict.decide(running(1, 1, null), null, 137);
    assertEquals(RunStatus.FAILED, crashed.status());
    assertTrue(crashed.error().message().contains("137"), crashed.error().message());
    assertFalse(AttemptVerdict.decide(running(1, 3, null), null, 2).retry(), "a bad invocation is never retried");
  }
}
