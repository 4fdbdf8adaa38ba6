package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.engine.local.SupervisorClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of the supervisor at each step of a launch, repeated: before the spawn (the run
 * is marked launching), right after the spawn (before the handler began, or while it begins), while
 * the handler runs, and while the end is being recorded. The next client's wake starts a new
 * supervisor; every run must end exactly once, SUCCEEDED, its handler executed exactly once, and
 * never LOST. Each step is tried on a cold start (the supervisor's first launch) and on a launch
 * that takes a warm JVM (a pre-started bootstrap that gets its contract, lock and claim included,
 * over its standard input).
 *
 * <p>Trials per step: system property {@code overtime.killTrials} (default 3). The target,
 * 50 per step: {@code mvn -pl tests -am verify -Dtest=SupervisorKillTest -Dovertime.killTrials=50
 * -Dsurefire.failIfNoSpecifiedTests=false}; each step prints a {@code KILL-TRIALS} line with its
 * counts.
 */
@Timeout(3600)
class SupervisorKillTest {
  private static final int TRIALS = Integer.getInteger("overtime.killTrials", 3);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path root;
  private final List<Path> homes = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (Path home : homes) {
      HomeProcesses.killAll(home);
    }
    ChildProcesses.kill(pids);
  }

  @ParameterizedTest
  @ValueSource(strings = {"before-spawn", "after-spawn", "while-running", "recording-end"})
  void killOfTheSupervisorAtThisStepNeitherRepeatsNorLosesARun(String step) throws Exception {
    trials(step, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"before-spawn", "after-spawn", "while-running", "recording-end"})
  void killOfTheSupervisorAtThisStepOfAWarmLaunchNeitherRepeatsNorLosesARun(String step)
      throws Exception {
    trials(step, true);
  }

  private void trials(String step, boolean warm) throws Exception {
    int doubles = 0;
    int lostWithoutStart = 0;
    int unended = 0;
    int other = 0;
    List<String> failures = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      String name = (warm ? "warm-" : "") + step + "-" + trial;
      Path home = Files.createDirectory(root.resolve(name));
      Path markers = Files.createDirectory(root.resolve(name + "-markers"));
      homes.add(home);
      RunRecord ended;
      try {
        ended = trial(step, warm, home, markers);
      } finally {
        pids.addAll(HomeProcesses.attemptPids(home));
      }
      int executions = HomeProcesses.executions(markers, ended.id());
      if (executions > 1) {
        doubles++;
      }
      if (ended.status() == RunStatus.LOST && executions == 0) {
        lostWithoutStart++;
      }
      if (!ended.status().isTerminal()) {
        unended++;
      } else if (ended.status() != RunStatus.SUCCEEDED || executions != 1) {
        other++;
      }
      if (ended.status() != RunStatus.SUCCEEDED || executions != 1) {
        failures.add("trial " + trial + ": " + ended + ", " + executions + " executions");
      }
      HomeProcesses.killAll(home);
    }
    System.out.println(
        "KILL-TRIALS step="
            + step
            + " warm="
            + warm
            + " trials="
            + TRIALS
            + " doubles="
            + doubles
            + " lostWithoutStart="
            + lostWithoutStart
            + " unended="
            + unended
            + " otherEndings="
            + other);
    assertEquals(List.of(), failures, "step " + step + (warm ? " of a warm launch" : ""));
  }

  /**
   * One run whose launch the supervisor is killed at. Warm: two runs go first (the one that dumps
   * the class-data archive and the first that uses it start cold; the second's take makes the pool
   * pre-start a JVM), so the killed launch is the third and takes the warm JVM the test saw idle.
   */
  private RunRecord trial(String step, boolean warm, Path home, Path markers) throws Exception {
    Map<String, String> env = new HashMap<>();
    // It is killed in every trial; it must not idle out first (its replacement would not pause).
    env.put(Supervisor.IDLE_VARIABLE, "10m");
    if (!step.equals("while-running")) {
      env.put("OVERTIME_SUPERVISOR_TEST_PAUSE_AT", step);
      env.put("OVERTIME_SUPERVISOR_TEST_PAUSE_SKIP", warm ? "2" : "0");
    }
    env.put("OVERTIME_LOCAL_WARM_JVMS", warm ? "1" : "0");
    Process first = SeparateJvm.start(Supervisor.class, env, home.toString());
    pids.add(first.pid());
    SupervisorClient client = new SupervisorClient(home, Map.of());
    Conditions.waitUntil("the supervisor answers", WAIT, () -> client.status().isPresent());
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .console(null)
            .retryBaseDelay(Duration.ofMillis(50))
            .supervisorIdle(Duration.ofSeconds(5))
            .build()) {
      long warmPid = 0;
      if (warm) {
        for (int before = 0; before < 2; before++) {
          JobRun<Long> earlier =
              Jobs.localSleep(engine).run(new Nap(10, markers.toString(), false)).await(WAIT);
          assertEquals(RunStatus.SUCCEEDED, earlier.status(), earlier.toString());
        }
        Conditions.waitUntil(
            "the supervisor has a warm JVM", WAIT, () -> warmChildren(first).size() == 1);
        warmPid = warmChildren(first).get(0).pid();
      }
      JobRun<Long> run = Jobs.localSleep(engine).run(new Nap(800, markers.toString(), false));
      if (step.equals("while-running")) {
        Conditions.waitUntil(
            "the handler works", WAIT, () -> Marker.started(Marker.file(markers, run.id(), 1)));
      } else {
        Conditions.waitUntil(
            "the supervisor reaches " + step,
            WAIT,
            () -> Files.exists(home.resolve("paused-" + step)));
      }
      if (warm && !step.equals("before-spawn")) {
        long taken = warmPid;
        Conditions.waitUntil(
            "the warm JVM claims the launch",
            WAIT,
            () -> HomeProcesses.attemptPids(home, run.id()).contains(taken));
      }
      HomeProcesses.kill9(first.pid());
      if (warm) {
        long orphan = warmPid;
        Conditions.waitUntil(
            "the warm JVM ends (its run ends, or its pipe closed with no contract)",
            WAIT,
            () -> !ChildProcesses.isAlive(orphan));
      }
      // Awaiting wakes the home's supervisor: none answers, so a new one starts and recovers.
      try {
        run.await(WAIT);
      } catch (RuntimeException e) {
        // Reported below from the store.
      }
      // A terminal run never changes: look again after the new supervisor had time to act.
      RunRecord ended;
      try (LocalRunReader runs = LocalRunReader.open(home)) {
        ended = runs.find(run.id()).orElseThrow();
        HomeProcesses.supervisorPid(home).ifPresent(pids::add);
        Conditions.waitUntil(
            "the new supervisor is idle",
            WAIT,
            () -> client.status().map(s -> s.running() == 0 && s.queued() == 0).orElse(true));
        assertEquals(ended, runs.find(run.id()).orElseThrow(), "a terminal run changed");
      }
      assertTrue(ended.attempt() == 1, "no retry was needed: " + ended);
      return ended;
    }
  }

  /** The supervisor's children that wait for a run contract on their standard input. */
  private static List<ProcessHandle> warmChildren(Process supervisor) {
    return supervisor
        .toHandle()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(child -> WarmJvms.waitsForAContract(child))
        .toList();
  }
}
