package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Blob;
import dev.overtime.tests.local.jobs.Failure;
import dev.overtime.tests.local.jobs.Greeting;
import dev.overtime.tests.local.jobs.Nap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs as real child processes on the local engine: results, failures, retries, cancel, timeout.
 */
@Timeout(120)
class LocalEngineRunsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  @TempDir Path markers;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private LocalEngine engine;

  @BeforeEach
  void openEngine() {
    engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(2)
            .gracePeriod(Duration.ofSeconds(3))
            .retryBaseDelay(Duration.ofMillis(50))
            .console(new PrintStream(console, true, StandardCharsets.UTF_8))
            .build();
  }

  @AfterEach
  void closeEngine() {
    engine.close();
    ChildProcesses.killDescendants();
  }

  private String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runSucceedsWithItsTypedResultAndItsOutputInLogAndConsole() throws Exception {
    JobRun<String> run = Jobs.localGreet(engine).run(new Greeting("Ada", 2));
    assertEquals(26, run.id().length(), run.id());

    JobRun<String> done = run.await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, done.status(), done.toString());
    assertEquals("Hello, Ada! Hello, Ada!", done.result());
    assertEquals(1, done.attempt());
    assertTrue(done.startedAt().isPresent() && done.finishedAt().isPresent());
    assertTrue(Files.readString(engine.logFile(run.id())).contains("Hello, Ada!"));
    assertTrue(console().contains("[local-greet " + run.id() + "] Hello, Ada!"), console());
  }

  @Test
  void payloadIsNeverWrittenToTheLogOrTheConsole() throws Exception {
    JobRun<String> run =
        Jobs.localMeasure(engine).run(new Blob("do-not-log-this-secret")).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertFalse(Files.readString(engine.logFile(run.id())).contains("do-not-log-this-secret"));
    assertFalse(console().contains("do-not-log-this-secret"));
  }

  @Test
  void throwingJobFailsWithTypeAndMessageOnceItsRetriesAreUsed() {
    JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("boom", 0, false)).await(WAIT);

    assertEquals(RunStatus.FAILED, run.status());
    assertEquals(3, run.attempt(), "1 attempt + 2 retries");
    assertEquals(
        new RunError("java.lang.IllegalStateException", "boom (attempt 3)"),
        run.error().orElseThrow());
  }

  @Test
  void retriedJobSucceedsOnALaterAttempt() {
    JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 2, false)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertEquals(2, run.result());
    assertEquals(2, run.attempt());
  }

  @Test
  void nonRetryableExceptionEndsTheRunWithoutRetries() {
    JobRun<Integer> run =
        Jobs.localFail(engine).run(new Failure("no such order", 0, true)).await(WAIT);

    assertEquals(RunStatus.FAILED, run.status());
    assertEquals(1, run.attempt());
    assertEquals(
        new RunError("dev.overtime.NonRetryableException", "no such order"),
        run.error().orElseThrow());
  }

  @Test
  void cancelStopsTheWholeProcessTree() {
    JobRun<Long> run = Jobs.localSleep(engine).run(new Nap(120_000, markers.toString(), true));
    Path marker = Marker.file(markers, run.id(), 1);
    Conditions.waitUntil("the job started", WAIT, () -> Marker.started(marker));
    Marker started = Marker.read(marker);
    assertTrue(ChildProcesses.isAlive(started.pid()) && ChildProcesses.isAlive(started.childPid()));

    JobRun<Long> cancelled = Jobs.localSleep(engine).cancel(run.id());

    assertEquals(RunStatus.CANCELLED, cancelled.status(), cancelled.toString());
    assertEquals("overtime.cancelled", cancelled.error().orElseThrow().type());
    Conditions.waitUntil(
        "no process of the run is left",
        Duration.ofSeconds(10),
        () ->
            !ChildProcesses.isAlive(started.pid()) && !ChildProcesses.isAlive(started.childPid()));
    assertFalse(Marker.read(marker).finished());
  }

  @Test
  void runPastItsTimeoutIsTimedOutAndStopped() {
    JobRun<Long> run =
        Jobs.localSleep(engine)
            .run(
                new Nap(120_000, markers.toString(), true),
                RunOptions.builder().timeout(Duration.ofSeconds(2)).build());

    JobRun<Long> done = run.await(WAIT);

    assertEquals(RunStatus.TIMED_OUT, done.status(), done.toString());
    assertEquals("overtime.timed-out", done.error().orElseThrow().type());
    Conditions.waitUntil(
        "the run's JVM is gone",
        Duration.ofSeconds(10),
        () -> ProcessHandle.current().descendants().findAny().isEmpty());
    // On a loaded machine the JVM may not have reached the handler within 2 s; if it did, the
    // process it started is gone too.
    Path markerFile = Marker.file(markers, run.id(), 1);
    if (Files.exists(markerFile)) {
      Marker marker = Marker.read(markerFile);
      Conditions.waitUntil(
          "no process of the run is left",
          Duration.ofSeconds(10),
          () ->
              !ChildProcesses.isAlive(marker.pid()) && !ChildProcesses.isAlive(marker.childPid()));
      assertFalse(marker.finished());
    }
  }

  @Test
  void cancelledQueuedRunNeverStarts() {
    LocalEngine single = engine;
    JobRun<Long> first = Jobs.localSleep(single).run(new Nap(120_000, markers.toString(), false));
    JobRun<Long> second = Jobs.localSleep(single).run(new Nap(120_000, markers.toString(), false));
    JobRun<Long> third = Jobs.localSleep(single).run(new Nap(1, markers.toString(), false));

    JobRun<Long> cancelled = Jobs.localSleep(single).cancel(third.id());

    assertEquals(RunStatus.CANCELLED, cancelled.status());
    assertTrue(cancelled.startedAt().isEmpty());
    assertEquals(RunStatus.CANCELLED, Jobs.localSleep(single).cancel(first.id()).status());
    assertEquals(RunStatus.CANCELLED, Jobs.localSleep(single).cancel(second.id()).status());
    assertFalse(Files.exists(Marker.file(markers, third.id(), 1)));
  }

  @Test
  void cancellingAFinishedRunReportsItsFinalState() {
    JobRun<String> run = Jobs.localGreet(engine).run(new Greeting("Bo", 1)).await(WAIT);

    JobRun<String> again = Jobs.localGreet(engine).cancel(run.id());

    assertEquals(RunStatus.SUCCEEDED, again.status());
    assertEquals("Hello, Bo!", again.result());
  }

  @Test
  void idempotencyKeyReturnsTheExistingRun() {
    RunOptions options = RunOptions.builder().idempotencyKey("order-42").build();
    JobRun<String> first = Jobs.localGreet(engine).run(new Greeting("Cy", 1), options);
    JobRun<String> second = Jobs.localGreet(engine).run(new Greeting("Di", 1), options);
    JobRun<String> other =
        Jobs.localGreet(engine)
            .run(new Greeting("Ed", 1), RunOptions.builder().idempotencyKey("order-43").build());

    assertEquals(first.id(), second.id());
    assertNotEquals(first.id(), other.id());
    assertEquals("Hello, Cy!", second.await(WAIT).result());
    assertEquals("Hello, Ed!", other.await(WAIT).result());
    assertEquals(2, engine.list("local-greet", null, 10).size());
  }

  @Test
  void megabytePayloadTravelsThroughAPayloadFile() {
    String data = "x".repeat(1024 * 1024);

    JobRun<String> run = Jobs.localMeasure(engine).run(new Blob(data)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertEquals(data.length() + ":" + data.hashCode(), run.result());
    assertFalse(
        Files.exists(home.resolve("runs").resolve(run.id()).resolve("payload.json")),
        "the payload file is removed once the run ended");
  }

  @Test
  void unknownRunIdIsAClearError() {
    UnknownRunException e =
        assertThrows(
            UnknownRunException.class,
            () -> Jobs.localGreet(engine).get("01JNOSUCHRUN0000000000000"));
    assertTrue(e.getMessage().contains("OVERTIME_HOME"), e.getMessage());
  }

  @Test
  void runFailsClearlyAndRecordsNothingWhenTheBootstrapIsNotOnTheClassPath() {
    try (LocalEngine bare =
        LocalEngine.builder()
            .home(home.resolve("bare"))
            .console(null)
            .classpath(markers.toString())
            .build()) {
      OvertimeException e =
          assertThrows(
              OvertimeException.class, () -> Jobs.localGreet(bare).run(new Greeting("Fa", 1)));
      assertTrue(e.getMessage().contains("overtime-container-bootstrap"), e.getMessage());
      assertEquals(List.of(), bare.list(null, null, 10));
    }
  }

  @Test
  void listShowsRunsNewestFirstFilteredByJobAndStatus() {
    JobRun<String> older = Jobs.localGreet(engine).run(new Greeting("Gi", 1)).await(WAIT);
    JobRun<String> newer = Jobs.localGreet(engine).run(new Greeting("Ho", 1)).await(WAIT);
    JobRun<Integer> failed = Jobs.localFail(engine).run(new Failure("x", 0, true)).await(WAIT);

    assertEquals(
        List.of(failed.id(), newer.id(), older.id()),
        engine.list(null, null, 10).stream().map(r -> r.id()).toList());
    assertEquals(
        List.of(newer.id(), older.id()),
        engine.list("local-greet", RunStatus.SUCCEEDED, 10).stream().map(r -> r.id()).toList());
    assertEquals(1, engine.list(null, null, 1).size());
  }
}
