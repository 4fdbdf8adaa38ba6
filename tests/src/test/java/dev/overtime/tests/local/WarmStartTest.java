package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Failure;
import dev.overtime.tests.local.jobs.Greeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on pre-started JVMs, end to end through the local engine: the home's supervisor owns the
 * warm pool, so the warm JVMs are its children and end with it.
 */
@Timeout(180)
class WarmStartTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern HEADER =
      Pattern.compile("\\[overtime\\] attempt (\\d) of (\\d) started at \\S+");

  @TempDir Path home;

  @AfterEach
  void cleanUp() {
    HomeProcesses.killAll(home);
  }

  @Test
  void aRunTakesThePreStartedJvmAndItsLogHoldsTheHeaderThenTheHandlersOutput() throws Exception {
    try (LocalEngine engine = engine(1)) {
      warmUp(engine);
      ProcessHandle warm = awaitWarmJvms(1).get(0);

      JobRun<String> second = Jobs.localGreet(engine).run(new Greeting("Bo", 1)).await(WAIT);

      assertEquals("Hello, Bo!", second.result());
      String log = Files.readString(engine.logFile(second.id()));
      Matcher header = HEADER.matcher(log);
      assertTrue(header.find(), log);
      assertTrue(log.indexOf("Hello, Bo!") > header.end(), log);
      Conditions.waitUntil(
          "the used warm JVM to be gone and a fresh one ready",
          WAIT,
          () -> !warm.isAlive() && warmJvms().size() == 1);
      assertFalse(warmJvms().contains(warm));
    }
    long supervisor = HomeProcesses.supervisorPid(home).orElseThrow();
    ProcessHandle idle = warmJvms().get(0);
    // Tests' supervisors idle out after a few seconds (OVERTIME_SUPERVISOR_IDLE in the build).
    Conditions.waitUntil(
        "the idle supervisor to exit and its warm JVM with it",
        WAIT,
        () -> !ChildProcesses.isAlive(supervisor) && !idle.isAlive());
  }

  @Test
  void aKilledSupervisorsWarmJvmSeesItsPipeCloseAndExitsWithoutARun() throws Exception {
    try (LocalEngine engine = engine(1)) {
      warmUp(engine);
      ProcessHandle warm = awaitWarmJvms(1).get(0);
      int runDirectories = runDirectories();

      HomeProcesses.kill9(HomeProcesses.supervisorPid(home).orElseThrow());

      Conditions.waitUntil("the orphaned warm JVM to exit", WAIT, () -> !warm.isAlive());
      assertEquals(runDirectories, runDirectories(), "it ran nothing");
      JobRun<String> after = Jobs.localGreet(engine).run(new Greeting("Cy", 1)).await(WAIT);
      assertEquals("Hello, Cy!", after.result(), "the next supervisor runs the home's runs");
    }
  }

  @Test
  void retriesRunOnWarmJvmsAndEveryAttemptIsInTheLog() throws Exception {
    try (LocalEngine engine = engine(1)) {
      warmUp(engine);
      awaitWarmJvms(1);

      JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 3, false)).await(WAIT);

      assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
      assertEquals(3, run.result());
      String log = Files.readString(engine.logFile(run.id()));
      Matcher header = HEADER.matcher(log);
      for (int attempt = 1; attempt <= 3; attempt++) {
        assertTrue(header.find(), "header of attempt " + attempt + " in\n" + log);
        assertEquals(String.valueOf(attempt), header.group(1), log);
      }
      assertTrue(log.contains("flaky (attempt 1)") && log.contains("flaky (attempt 2)"), log);
      assertTrue(log.indexOf("flaky (attempt 1)") < log.lastIndexOf("attempt 2 of 3 started"), log);
    }
  }

  @Test
  void zeroWarmJvmsStartsNone() throws Exception {
    try (LocalEngine engine = engine(0)) {
      for (String name : List.of("Ada", "Bo")) {
        assertEquals(
            RunStatus.SUCCEEDED,
            Jobs.localGreet(engine).run(new Greeting(name, 1)).await(WAIT).status());
      }
      assertTrue(warmJvms().isEmpty());
      assertFalse(Files.exists(home.resolve("warm")));
    }
  }

  /**
   * Runs until a warm JVM is waiting: the first runs of a spec start cold (on a class path that
   * gets a class-data archive, the run that dumps it is one of a kind, never pre-started, and the
   * spec that later runs share starts only after it), and the replacement is started while the run
   * that took the spec's first JVM is still going.
   */
  private void warmUp(LocalEngine engine) {
    for (int run = 0; run < 5 && warmJvms().isEmpty(); run++) {
      JobRun<String> done = Jobs.localGreet(engine).run(new Greeting("Ada" + run, 1)).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, done.status(), done.toString());
    }
  }

  private LocalEngine engine(int warmJvms) {
    return LocalEngine.builder()
        .home(home)
        .concurrency(1)
        .console(null)
        .retryBaseDelay(Duration.ofMillis(50))
        .warmJvms(warmJvms)
        .build();
  }

  private List<ProcessHandle> awaitWarmJvms(int count) throws java.io.IOException {
    try {
      Conditions.waitUntil(count + " warm JVM(s)", WAIT, () -> warmJvms().size() == count);
    } catch (AssertionError e) {
      List<String> descendants =
          ProcessHandle.current().descendants().map(child -> child.info().toString()).toList();
      String files;
      try (java.util.stream.Stream<Path> list = Files.walk(home, 3)) {
        files = list.filter(path -> !path.startsWith(home.resolve("runs"))).toList().toString();
      }
      try (java.util.stream.Stream<Path> logs = Files.walk(home.resolve("runs"))) {
        for (Path log : logs.filter(path -> path.endsWith("run.log")).toList()) {
          files += "\n" + log + ":\n" + Files.readString(log);
        }
      }
      throw new AssertionError(
          e.getMessage() + "; descendants: " + descendants + "; home: " + files, e);
    }
    return warmJvms();
  }

  /** The supervisor's children that wait for a run contract on their standard input. */
  private List<ProcessHandle> warmJvms() {
    return WarmJvms.ofSupervisor(home);
  }

  private int runDirectories() throws java.io.IOException {
    try (java.util.stream.Stream<Path> runs = Files.list(home.resolve("runs"))) {
      return (int) runs.count();
    }
  }
}
