package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Greeting;
import dev.overtime.tests.local.jobs.Marking;
import dev.overtime.tests.local.jobs.Nap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes against a store that fails: another process holding the write lock past the busy
 * timeout while an attempt ends, a bootstrap that cannot write its outcome; and the modes of what a
 * run leaves in the home.
 */
@Timeout(180)
class StoreFailureProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path home;
  @TempDir Path markers;

  @AfterEach
  void cleanUp() {
    HomeProcesses.killAll(home);
    ChildProcesses.killDescendants();
  }

  /** Waits until the home's supervisor has logged that it could not record the end of the run. */
  private void awaitFailedEndRecord(String runId) {
    Path log = home.resolve("supervisor.log");
    String line = "could not record the end of attempt 1 of run " + runId;
    Conditions.waitUntil(
        "the supervisor failed to record the end of " + runId + " in " + log,
        WAIT,
        () -> {
          try {
            return Files.exists(log) && Files.readString(log).contains(line);
          } catch (IOException e) {
            return false;
          }
        });
  }

  @Test
  void anEndRecordedWhileAnotherProcessHoldsTheLockSticksWithoutARestartAndReadsGoOn()
      throws Exception {
    Process app =
        SeparateJvm.start(
            ReadWhileTheStoreIsBusy.class, Map.of(), home.toString(), markers.toString(), "3000");
    BufferedReader output = SeparateJvm.reader(app);
    List<String> lines = SeparateJvm.readUntil(output, "RUN ");
    String runId = lines.get(lines.size() - 1).substring("RUN ".length());
    // The job sleeps 3 s after it started: the lock below is taken well before it ends.
    Conditions.waitUntil(
        "the handler started", WAIT, () -> Marker.started(Marker.file(markers, runId, 1)));

    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("runs.db"));
        Statement statement = lock.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 30000");
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("UPDATE runs SET job = job WHERE id = '" + runId + "'");
      // Held until the supervisor has failed to record the end at least once (past its 5 s busy
      // timeout): then released, and the supervisor must record it on its own.
      awaitFailedEndRecord(runId);
      statement.execute("ROLLBACK");
    }

    List<String> rest = SeparateJvm.readUntil(output, "STATUS ");
    assertEquals("STATUS SUCCEEDED", rest.get(rest.size() - 1), String.join("\n", rest));
    long slowest =
        rest.stream()
            .filter(line -> line.startsWith("SLOWEST-READ-MS "))
            .mapToLong(line -> Long.parseLong(line.substring("SLOWEST-READ-MS ".length())))
            .findFirst()
            .orElseThrow();
    assertTrue(slowest < 2000, "a read took " + slowest + " ms while the store was locked");
    assertTrue(app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the app did not exit");
  }

  @Test
  void anEndPendingWhenItsSupervisorDiesIsSettledByTheNextSupervisorFromTheOutcome()
      throws Exception {
    Process app =
        SeparateJvm.start(
            CloseWhileTheStoreIsBusy.class, Map.of(), home.toString(), markers.toString(), "3000");
    BufferedReader output = SeparateJvm.reader(app);
    List<String> lines = SeparateJvm.readUntil(output, "RUN ");
    String runId = lines.get(lines.size() - 1).substring("RUN ".length());
    // The job sleeps 3 s after it started: the lock below is taken well before it ends.
    Conditions.waitUntil(
        "the handler started", WAIT, () -> Marker.started(Marker.file(markers, runId, 1)));

    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("runs.db"));
        Statement statement = lock.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 30000");
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("UPDATE runs SET job = job WHERE id = '" + runId + "'");
      awaitFailedEndRecord(runId);
      // The supervisor dies while the end is still pending; the application closes its engine and
      // exits.
      HomeProcesses.kill9(HomeProcesses.supervisorPid(home).orElseThrow());
      app.getOutputStream().write('\n');
      app.getOutputStream().flush();
      SeparateJvm.readUntil(output, "CLOSED");
      assertTrue(app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the app did not exit");
      statement.execute("ROLLBACK");
    }

    try (LocalEngine next = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<Long> run = Jobs.localSleep(next).get(runId).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
      assertEquals(3000L, run.result(), "the result the attempt wrote before its supervisor died");
      assertEquals(1, run.attempt());
    }
  }

  @Test
  void aTimeoutThatComesWhileAnotherProcessHoldsTheLockIsRecordedOnceItGoesAndEndsTheRun()
      throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<Long> run =
          Jobs.localSleep(engine)
              .run(
                  new Nap(120_000, markers.toString(), false),
                  RunOptions.builder().timeout(Duration.ofSeconds(6)).build());
      Conditions.waitUntil(
          "the handler started", WAIT, () -> Marker.started(Marker.file(markers, run.id(), 1)));

      try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("runs.db"));
          Statement statement = lock.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 30000");
        statement.execute("BEGIN IMMEDIATE");
        statement.execute("UPDATE runs SET job = job WHERE id = '" + run.id() + "'");
        // Held over the run's deadline until the supervisor failed to record the timeout (past
        // its busy timeout); the handler must still be running then: nothing was signalled.
        Path log = home.resolve("supervisor.log");
        String line = "could not record the timeout of run " + run.id();
        Conditions.waitUntil(
            "the supervisor failed to record the timeout of " + run.id(),
            WAIT,
            () -> {
              try {
                return Files.exists(log) && Files.readString(log).contains(line);
              } catch (IOException e) {
                return false;
              }
            });
        assertTrue(
            !Marker.read(Marker.file(markers, run.id(), 1)).finished(),
            "the handler ended before the timeout was recorded");
        statement.execute("ROLLBACK");
      }

      JobRun<Long> ended = run.await(WAIT);
      assertEquals(RunStatus.TIMED_OUT, ended.status(), ended.toString());
      assertEquals(1, ended.attempt(), "a timeout is not retried as an interruption");
    }
  }

  @Test
  void aHandlerThatSucceededButCouldNotWriteItsOutcomeFailsOnceAndRunsOnce() throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<String> run =
          Jobs.localUnrecorded(engine).run(new Marking(markers.toString(), false)).await(WAIT);

      assertFailedOnceWithoutASecondExecution(engine, run);
    }
  }

  @Test
  void aHandlerThatThrewButCouldNotWriteItsOutcomeIsNotRetried() throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<String> run =
          Jobs.localUnrecorded(engine).run(new Marking(markers.toString(), true)).await(WAIT);

      assertFailedOnceWithoutASecondExecution(engine, run);
    }
  }

  @Test
  void aReadOnlyRunsDirectoryFailsNewRunsClearlyLosesNothingAndHealsWithoutARestart()
      throws Exception {
    Path runs = Files.createDirectories(home.resolve("runs"));
    assumeTrue(
        command("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", runs.toString()) == 0,
        "mounting a tmpfs needs root (modes alone do not stop root from writing)");
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .console(null)
            .retryBaseDelay(Duration.ofMillis(50))
            .build()) {
      JobRun<String> before = Jobs.localGreet(engine).run(new Greeting("Ada", 1)).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, before.status(), before.toString());

      assertEquals(0, command("mount", "-o", "remount,ro", runs.toString()));
      JobRun<String> blocked = Jobs.localGreet(engine).run(new Greeting("Bo", 1)).await(WAIT);

      assertEquals(RunStatus.FAILED, blocked.status(), blocked.toString());
      assertEquals("overtime.start-failed", blocked.error().orElseThrow().type());
      String message = blocked.error().orElseThrow().message();
      assertTrue(message.contains(runs.resolve(blocked.id()).toString()), message);
      assertTrue(message.contains("Read-only file system"), message);
      assertEquals(
          "Hello, Ada!",
          Jobs.localGreet(engine).get(before.id()).result(),
          "the run that ended before keeps its result");
      assertTrue(Files.readString(engine.logFile(before.id())).contains("Hello, Ada!"));

      assertEquals(0, command("mount", "-o", "remount,rw", runs.toString()));
      JobRun<String> after = Jobs.localGreet(engine).run(new Greeting("Cy", 1)).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, after.status(), after.toString());
    } finally {
      command("umount", "-l", runs.toString());
    }
  }

  private static int command(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return process.waitFor();
  }

  @Test
  void runDirectoriesAndLogsAreTightenedToTheirOwnerEvenWhenTheyExist() throws Exception {
    Path runs = Files.createDirectories(home.resolve("runs"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<String> run = Jobs.localGreet(engine).run(new Greeting("Ada", 1)).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());

      assertEquals("rwx------", mode(home));
      assertEquals("rwx------", mode(runs));
      assertEquals("rwx------", mode(runs.resolve(run.id())));
      assertEquals("rw-------", mode(engine.logFile(run.id())));
    }
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private void assertFailedOnceWithoutASecondExecution(LocalEngine engine, JobRun<String> run)
      throws Exception {
    assertEquals(RunStatus.FAILED, run.status(), run.toString());
    assertEquals(1, run.attempt(), "the job declares 2 retries; none may be used");
    assertEquals("overtime.outcome-not-written", run.error().orElseThrow().type());
    assertTrue(
        run.error().orElseThrow().message().contains("exit code 6"),
        run.error().orElseThrow().message());
    assertEquals(
        List.of("attempt 1"),
        Files.readAllLines(markers.resolve(run.id() + ".runs")),
        "the handler ran exactly once");
    String log = Files.readString(engine.logFile(run.id()));
    assertTrue(log.contains("[overtime.outcome-not-written] Could not write the outcome"), log);
  }
}
