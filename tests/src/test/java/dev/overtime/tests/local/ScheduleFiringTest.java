package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.engine.local.SupervisorClient;
import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import dev.overtime.engine.local.schedule.ScheduleRegistration;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.tests.fixtures.Jobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule fires with nothing but the home's supervisor running, and each fire runs exactly once
 * across a {@code kill -9} of the supervisor. The schedule is {@code * * * * *} (every minute); the
 * supervisors run their schedule clock 60 times faster than real time from one origin (a test-only
 * setting, {@code OVERTIME_SUPERVISOR_TEST_SCHEDULE_CLOCK}), so a minute passes every second and
 * the test takes seconds, not minutes. Everything else (the store, the launches, the child JVMs,
 * the handler) is real.
 */
@Timeout(300)
class ScheduleFiringTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path root;
  private final List<Long> pids = new ArrayList<>();
  private Path home;

  @AfterEach
  void cleanUp() {
    if (home != null) {
      HomeProcesses.killAll(home);
    }
    ChildProcesses.kill(pids);
  }

  @Test
  void aScheduleFiresEveryMinuteWithOnlyTheSupervisorAndEachFireRunsOnceAcrossAKill9()
      throws Exception {
    home = Files.createDirectory(root.resolve("home"));
    Path markers = Files.createDirectory(root.resolve("markers"));
    Map<String, String> env = new HashMap<>();
    env.put(Supervisor.IDLE_VARIABLE, "10m");
    env.put("OVERTIME_LOCAL_WARM_JVMS", "0");
    env.put("OVERTIME_SUPERVISOR_TEST_SCHEDULE_CLOCK", System.currentTimeMillis() + "x60");
    Process first = SeparateJvm.start(Supervisor.class, env, home.toString());
    pids.add(first.pid());
    SupervisorClient client = new SupervisorClient(home, Map.of());
    Conditions.waitUntil("the supervisor answers", WAIT, () -> client.status().isPresent());

    String payload =
        "{\"millis\": 10, \"markerDirectory\": \""
            + markers.toString().replace("\\", "\\\\")
            + "\", \"spawnChild\": false}";
    ManifestSchedule everyMinute =
        new ManifestSchedule("local-sleep#0", 0, "* * * * *", "* * * * *", "UTC", payload);
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      List<EnabledSchedule> enabled =
          engine.enableSchedules(
              List.of(
                  new ScheduleRegistration(
                      Jobs.localSleep(engine).descriptor(), everyMinute, CatchUp.LATEST)));
      assertEquals(List.of("local-sleep#0"), enabled.stream().map(EnabledSchedule::id).toList());
    }
    // From here on only the supervisor acts: this process reads the store, nothing else.
    try (LocalRunReader runs = LocalRunReader.open(home)) {
      Conditions.waitUntil("three fires", WAIT, () -> fired(runs).size() >= 3);
      HomeProcesses.kill9(first.pid());
      int beforeKill = fired(runs).size();

      Process second = SeparateJvm.start(Supervisor.class, env, home.toString());
      pids.add(second.pid());
      Conditions.waitUntil("three more fires", WAIT, () -> fired(runs).size() >= beforeKill + 3);
      try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
        assertEquals(1, engine.disableSchedules(null));
      }
      Conditions.waitUntil(
          "every fire's run ended",
          WAIT,
          () -> fired(runs).stream().allMatch(run -> run.status().isTerminal()));

      List<RunRecord> all = fired(runs);
      TreeSet<Instant> fireTimes = new TreeSet<>();
      for (RunRecord run : all) {
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
        assertEquals("local-sleep#0", run.details().schedule().orElseThrow());
        Instant fireTime = run.details().scheduledFor().orElseThrow();
        assertTrue(fireTimes.add(fireTime), "fire " + fireTime + " ran twice: " + all);
        assertEquals(0, fireTime.getEpochSecond() % 60, "a fire on a minute: " + fireTime);
        assertEquals(1, HomeProcesses.executions(markers, run.id()), "executions of " + run.id());
      }
      assertTrue(all.size() >= 6, all.toString());
      // Every minute from the first fire to the last ran, except at most the ones the killed
      // supervisor's downtime skipped (caught up by one run of the latest).
      long minutes = Duration.between(fireTimes.first(), fireTimes.last()).toMinutes() + 1;
      assertTrue(minutes >= all.size(), minutes + " minutes, " + all.size() + " fires");
    }
  }

  private static List<RunRecord> fired(LocalRunReader runs) {
    return runs.list("local-sleep", null, 1000).stream()
        .filter(run -> run.details().schedule().isPresent())
        .toList();
  }
}
