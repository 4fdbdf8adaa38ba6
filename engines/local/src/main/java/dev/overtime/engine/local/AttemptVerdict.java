package dev.overtime.engine.local;

import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.contract.ExitCode;
import dev.overtime.runtime.contract.RunOutcome;

/**
 * How an attempt ended, decided from what is known once its process is gone: the outcome document
 * the child wrote (if any), why the engine stopped it (if it did), and its exit code (known only to
 * the JVM that started it).
 *
 * @param status the run's terminal status, or FAILED/LOST when {@code retry} is true
 * @param resultJson the result JSON when SUCCEEDED
 * @param error the error otherwise
 * @param retry whether the run goes back to the queue as its next attempt
 */
record AttemptVerdict(RunStatus status, String resultJson, RunError error, boolean retry) {

  static AttemptVerdict decide(StoredRun run, RunOutcome outcome, Integer exitCode) {
    RunOutcome own = outcome != null && outcome.attempt() == run.attempt() && outcome.runId().equals(run.id())
        ? outcome : null;
    boolean attemptsLeft = run.attempt() < run.maxAttempts();
    if (own != null && own.status() == RunStatus.SUCCEEDED) {
      return new AttemptVerdict(RunStatus.SUCCEEDED, own.result() == null ? "null" : own.result().toString(),
          null, false);
    }
    if (run.stopReason() != null) {
      return new AttemptVerdict(run.stopReason().status(), null, run.stopReason().error(), false);
    }
    if (own != null) {
      RunError error = own.error() != null ? own.error() : new RunError("overtime.failed", "");
      boolean retry = own.status() == RunStatus.FAILED && own.retryable() && attemptsLeft;
      return new AttemptVerdict(own.status(), null, error, retry);
    }
    if (exitCode == null) {
      return new AttemptVerdict(RunStatus.LOST, null, new RunError("overtime.lost", "The process of attempt "
          + run.attempt() + " vanished without reporting an outcome (was the machine or the JVM that started"
          + " it killed?)"), attemptsLeft);
    }
    if (exitCode == ExitCode.BAD_INVOCATION.code()) {
      return new AttemptVerdict(RunStatus.FAILED, null, new RunError("overtime.bad-invocation",
          "The bootstrap rejected the run (exit code 2); see the run's log"), false);
    }
    return new AttemptVerdict(RunStatus.FAILED, null, new RunError("overtime.process-exited", "The process of"
        + " attempt " + run.attempt() + " exited with code " + exitCode + " without reporting an outcome (out of"
        + " memory, killed, or dev.overtime.bootstrap.Main missing?); see the run's log"), attemptsLeft);
  }
}
