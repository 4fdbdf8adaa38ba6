package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Greeting;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed and expiring runs on the local engine, with real processes: a delayed run waits {@code
 * DELAYED}, starts on time with no client alive (the supervisor stays up for it), can be cancelled
 * or rescheduled before it starts; a run not started within its time to live ends {@code EXPIRED}
 * and never runs.
 */
@Timeout(180)
class DelayedRunsTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path home;
  @TempDir Path markers;
  private LocalEngine engine;
  private Process submitter;

  @AfterEach
  void cleanUp() {
    if (engine != null) {
      engine.close();
    }
    if (submitter != null) {
      submitter.destroyForcibly();
    }
    HomeProcesses.killAll(home);
    ChildProcesses.killDescendants();
  }

  private LocalEngine engine(int concurrency) {
    engine = LocalEngine.builder().home(home).concurrency(concurrency).console(null).build();
    return engine;
  }

  @Test
  void aDelayedRunStartsWithinASecondOfItsTimeWithNoClientAlive() throws Exception {
    // The supervisor's idle period is far shorter than the delay: it must stay up for the run.
    submitter =
        SeparateJvm.start(
            SubmitDelayedAndExit.class,
            Map.of(Supervisor.IDLE_VARIABLE, "1s"),
            home.toString(),
            "6000");
    List<String> lines = SeparateJvm.readUntil(SeparateJvm.reader(submitter), "SUBMITTED");
    assertTrue(submitter.waitFor(60, TimeUnit.SECONDS));
    String runId =
        lines.stream()
            .filter(line -> line.startsWith("RUN "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN line in " + lines))
            .substring("RUN ".length());

    try (LocalRunReader runs = LocalRunReader.open(home)) {
      RunRecord waiting = runs.find(runId).orElseThrow();
      Instant startAt = waiting.details().startAt().orElseThrow();
      if (Instant.now().isBefore(startAt.minusMillis(500))) {
        assertEquals(RunStatus.DELAYED, waiting.status(), waiting.toString());
        assertTrue(waiting.startedAt() == null, waiting.toString());
      }
      Conditions.waitUntil(
          "run " + runId + " ends",
          WAIT,
          () -> runs.find(runId).map(run -> run.status().isTerminal()).orElse(false));
      RunRecord done = runs.find(runId).orElseThrow();
      assertEquals(RunStatus.SUCCEEDED, done.status(), done.toString());
      Duration late = Duration.between(startAt, done.startedAt());
      assertFalse(late.isNegative(), "started " + late + " before its time");
      assertTrue(late.compareTo(Duration.ofSeconds(1)) < 0, "started " + late + " late");
    }
  }

  @Test
  void aRunNotStartedWithinItsTimeToLiveExpiresAndNeverRuns() throws Exception {
    engine(1);
    JobRun<Long> busy = Jobs.localSleep(engine).run(new Nap(60_000, markers.toString(), false));
    Conditions.waitUntil(
        "the first run starts", WAIT, () -> busy.refresh().status() == RunStatus.RUNNING);
    JobRun<Long> waiting =
        Jobs.localSleep(engine)
            .run(
                new Nap(10, markers.toString(), false),
                RunOptions.builder().timeToLive(Duration.ofSeconds(1)).build());
    assertEquals(RunStatus.QUEUED, waiting.status());

    JobRun<Long> expired = waiting.await(WAIT);

    assertEquals(RunStatus.EXPIRED, expired.status(), expired.record().toString());
    assertEquals("overtime.expired", expired.error().orElseThrow().type());
    assertTrue(expired.startedAt().isEmpty(), "it never started");
    assertEquals(0, HomeProcesses.executions(markers, waiting.id()));
    // A slot that frees later does not start it either.
    Jobs.localSleep(engine).cancel(busy.id());
    Jobs.localSleep(engine).run(new Nap(10, markers.toString(), false)).await(WAIT);
    assertEquals(RunStatus.EXPIRED, Jobs.localSleep(engine).get(waiting.id()).status());
    assertFalse(Files.exists(engine.logFile(waiting.id())), "it never had a process");
  }

  @Test
  void aDelayedRunWhoseTimeToLiveIsOverWhenItIsDueExpiresAtItsExpiry() {
    engine(1);
    JobRun<Long> busy = Jobs.localSleep(engine).run(new Nap(60_000, markers.toString(), false));
    Conditions.waitUntil(
        "the first run starts", WAIT, () -> busy.refresh().status() == RunStatus.RUNNING);
    JobRun<String> delayed =
        Jobs.localGreet(engine)
            .run(
                new Greeting("late", 1),
                RunOptions.builder()
                    .startAfter(Duration.ofMillis(500))
                    .timeToLive(Duration.ofMillis(700))
                    .build());
    assertEquals(RunStatus.DELAYED, delayed.status());
    // The time to live counts from the start time.
    assertEquals(
        delayed.startAt().orElseThrow().plusMillis(700), delayed.expiresAt().orElseThrow());

    JobRun<String> done = delayed.await(WAIT);

    assertEquals(RunStatus.EXPIRED, done.status());
    assertFalse(done.finishedAt().orElseThrow().isBefore(done.expiresAt().orElseThrow()));
  }

  @Test
  void cancelEndsADelayedRunWithoutStartingIt() {
    engine(2);
    JobRun<String> delayed =
        Jobs.localGreet(engine)
            .run(
                new Greeting("never", 1),
                RunOptions.builder().startAfter(Duration.ofHours(1)).build());
    assertEquals(RunStatus.DELAYED, delayed.status());

    JobRun<String> cancelled = Jobs.localGreet(engine).cancel(delayed.id());

    assertEquals(RunStatus.CANCELLED, cancelled.status());
    assertTrue(cancelled.startedAt().isEmpty());
    assertThrows(
        IllegalStateException.class,
        () -> Jobs.localGreet(engine).reschedule(delayed.id(), Instant.now()));
  }

  @Test
  void rescheduleMovesADelayedRunEarlierAndIsRefusedOnceItStarted() {
    engine(2);
    JobRun<String> delayed =
        Jobs.localGreet(engine)
            .run(
                new Greeting("sooner", 1),
                RunOptions.builder().startAfter(Duration.ofHours(1)).build());
    Instant soon = Instant.now().plusMillis(1_500);

    JobRun<String> moved = Jobs.localGreet(engine).reschedule(delayed.id(), soon);

    assertEquals(RunStatus.DELAYED, moved.status());
    assertEquals(soon.toEpochMilli(), moved.startAt().orElseThrow().toEpochMilli());
    JobRun<String> done = moved.await(WAIT);
    assertEquals(RunStatus.SUCCEEDED, done.status(), done.record().toString());
    Duration late = Duration.between(soon, done.startedAt().orElseThrow());
    assertTrue(!late.isNegative() && late.compareTo(Duration.ofSeconds(1)) < 0, "late " + late);
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> Jobs.localGreet(engine).reschedule(delayed.id(), Instant.now().plusSeconds(60)));
    assertTrue(refused.getMessage().contains("SUCCEEDED"), refused.getMessage());
  }
}
