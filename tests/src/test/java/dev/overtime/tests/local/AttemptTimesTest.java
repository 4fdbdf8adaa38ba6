package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run records when each of its attempts started and ended, so that a retried run's duration is
 * the whole run's, not its last attempt's; the engine's lines about attempts reach the console.
 */
class AttemptTimesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path home;
  private EchoedEngine echo;
  private LocalEngine engine;

  @BeforeEach
  void openEngine() {
    echo = new EchoedEngine(home);
    engine = echo.engine();
  }

  @AfterEach
  void closeEngine() {
    echo.close();
  }

  @Test
  void aRetriedRunHasOneSpanPerAttemptInOrderEndingWhenTheRunEnded() {
    JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 2, false)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    List<AttemptSpan> spans = run.details().attempts();
    assertEquals(2, spans.size(), spans.toString());
    AttemptSpan first = spans.get(0);
    AttemptSpan second = spans.get(1);
    assertEquals(1, first.attempt());
    assertEquals(RunStatus.FAILED, first.status());
    assertEquals(2, second.attempt());
    assertEquals(RunStatus.SUCCEEDED, second.status());
    assertFalse(first.startedAt().isBefore(run.createdAt()), spans.toString());
    assertFalse(first.endedAt().isBefore(first.startedAt()), spans.toString());
    assertTrue(
        first.endedAt().isBefore(second.startedAt()),
        "attempt 2 starts after attempt 1 ended and its backoff: " + spans);
    assertEquals(run.finishedAt().orElseThrow(), second.endedAt(), "the run ends with its last");
    assertEquals(run.startedAt().orElseThrow(), second.startedAt(), "startedAt is the current's");
  }

  @Test
  void theRunEndsWhenItsProcessWroteItsOutcomeNotWhenTheEndWasRecorded() throws Exception {
    JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("once", 1, false)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    String outcome =
        Files.readString(home.resolve("runs").resolve(run.id()).resolve("outcome-1.json"));
    String finishedAt = run.finishedAt().orElseThrow().toString();
    assertTrue(
        outcome.contains(finishedAt.substring(0, finishedAt.length() - 1)),
        "finishedAt " + finishedAt + " is the outcome's own time: " + outcome);
  }

  @Test
  void theEnginesLinesAboutARetryReachTheConsoleEcho() {
    JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 2, false)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    String echoed = echo.echoed();
    String prefix = "[local-fail " + run.id() + "] ";
    assertTrue(echoed.contains(prefix + "[overtime] attempt 1 ended FAILED"), echoed);
    assertTrue(echoed.contains("; attempt 2 in "), echoed);
    assertTrue(echoed.contains(prefix + "[overtime] run ended SUCCEEDED"), echoed);
  }
}
