package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.engine.local.SupervisorClient;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.runs.LocalRuns;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor of a home, with real processes: it, not the application, launches and retries
 * runs, so runs go on after their application exits or is killed, read-only access starts nothing,
 * one concurrency limit holds across applications, and a home has one supervisor.
 */
@Timeout(240)
class SupervisorTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Pattern STARTED =
      Pattern.compile("\\[overtime\\] attempt (\\d+) of \\d+ started at (\\S+),");

  @TempDir Path home;
  @TempDir Path markers;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
    HomeProcesses.killAll(home);
  }

  /** Settings for the JVMs a test starts: a short idle period, so none lingers. */
  private static Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put(Supervisor.IDLE_VARIABLE, "5s");
    return env;
  }

  /** A supervisor this test starts and kills; it must not idle out on a slow machine first. */
  private Process supervisor(Map<String, String> env) throws Exception {
    Map<String, String> settings = new HashMap<>(env);
    settings.put(Supervisor.IDLE_VARIABLE, "10m");
    Process process = SeparateJvm.start(Supervisor.class, settings, home.toString());
    started.add(process);
    return process;
  }

  /** The id in the first {@code RUN <id>} line (other lines may come first, e.g. from SLF4J). */
  private static String runIdIn(List<String> lines) {
    return lines.stream()
        .filter(line -> line.startsWith("RUN "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no RUN line in " + lines))
        .substring("RUN ".length());
  }

  private RunRecord awaitEnd(String runId) {
    try (LocalRunReader runs = LocalRunReader.open(home)) {
      Conditions.waitUntil(
          "run " + runId + " ends",
          WAIT,
          () -> runs.find(runId).map(run -> run.status().isTerminal()).orElse(false));
      return runs.find(runId).orElseThrow();
    }
  }

  @Test
  void aSecondSupervisorOnTheSameHomeIsRefusedAndExits() throws Exception {
    Process first = supervisor(Map.of());
    SupervisorClient client = new SupervisorClient(home, Map.of());
    Conditions.waitUntil("the first supervisor answers", WAIT, () -> client.status().isPresent());

    Process second = supervisor(Map.of());
    assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second supervisor did not exit");
    String output = new String(second.getInputStream().readAllBytes());

    assertEquals(Supervisor.REFUSED_EXIT, second.exitValue(), output);
    assertTrue(output.contains("another supervisor (pid " + first.pid() + ")"), output);
    assertTrue(first.isAlive(), "the first supervisor must go on");
    assertEquals(first.pid(), client.status().orElseThrow().pid());
  }

  @Test
  void aRetryOfARunSubmittedByAJvmThatExitedHappensOnTime() throws Exception {
    Process submitter =
        SeparateJvm.start(SubmitAndExit.class, env(Map.of()), home.toString(), "flaky", "1500");
    started.add(submitter);
    List<String> lines = SeparateJvm.readUntil(SeparateJvm.reader(submitter), "SUBMITTED");
    assertTrue(submitter.waitFor(60, TimeUnit.SECONDS));
    Instant submitterGone = Instant.now();
    String runId = runIdIn(lines);

    RunRecord run = awaitEnd(runId);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertEquals(2, run.attempt());
    String log = Files.readString(home.resolve("runs").resolve(runId).resolve("run.log"));
    Map<Integer, Instant> starts = new HashMap<>();
    Matcher matcher = STARTED.matcher(log);
    while (matcher.find()) {
      starts.put(Integer.parseInt(matcher.group(1)), Instant.parse(matcher.group(2)));
    }
    assertTrue(
        starts.get(2).isAfter(submitterGone),
        "attempt 2 must start after the submitting JVM is gone, with nothing else open: " + log);
    // Backoff 0.75-1.5 s after attempt 1 ends; attempt 1 is one JVM start. Not 30 s.
    Duration gap = Duration.between(starts.get(1), starts.get(2));
    assertTrue(gap.compareTo(Duration.ofSeconds(20)) < 0, "attempt 2 came " + gap + " later");
  }

  @Test
  void readOnlyAccessStartsNoSupervisorAndNoRunAndChangesNothing() throws Exception {
    // A home whose supervisor died with one run claimed (RUNNING, never spawned) and one queued.
    Process paused =
        supervisor(
            Map.of(
                "OVERTIME_SUPERVISOR_TEST_PAUSE_AT",
                "before-spawn",
                "OVERTIME_LOCAL_CONCURRENCY",
                "1"));
    Process submitter =
        SeparateJvm.start(
            SubmitAndExit.class,
            env(Map.of()),
            home.toString(),
            "sleep",
            markers.toString(),
            "100",
            "2");
    started.add(submitter);
    SeparateJvm.readUntil(SeparateJvm.reader(submitter), "SUBMITTED");
    Conditions.waitUntil(
        "the supervisor pauses before spawning",
        WAIT,
        () -> Files.exists(home.resolve("paused-before-spawn")));
    HomeProcesses.kill9(paused.pid());
    assertTrue(submitter.waitFor(30, TimeUnit.SECONDS));
    List<RunRecord> before;
    try (LocalRunReader runs = LocalRunReader.open(home)) {
      before = runs.list(null, null, 10);
    }
    assertEquals(
        List.of(RunStatus.QUEUED, RunStatus.RUNNING),
        before.stream().map(RunRecord::status).toList());

    // What `overtime status`, `runs` and `logs` do.
    try (LocalRuns runs = LocalRuns.openReadOnly(home)) {
      for (RunRecord run : before) {
        runs.get(run.id());
        runs.logFile(run.id());
      }
      runs.list(null, null, 10);
    }
    try (LocalRunReader runs = LocalRunReader.open(home)) {
      runs.list(null, RunStatus.QUEUED, 10);
    }

    assertTrue(new SupervisorClient(home, Map.of()).status().isEmpty(), "a supervisor was started");
    assertEquals(
        List.of(),
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(),
        "a process was started");
    assertTrue(HomeProcesses.attemptPids(home).isEmpty(), "an attempt was launched");
    try (LocalRunReader runs = LocalRunReader.open(home)) {
      assertEquals(before, runs.list(null, null, 10), "a run changed");
    }
  }

  @Test
  void killingTheApplicationsProcessGroupLeavesItsRunRunningToCompletion() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/setsid",
                SeparateJvm.javaCommand(),
                "-cp",
                System.getProperty("java.class.path"),
                SubmitSleepThenWait.class.getName(),
                home.toString(),
                markers.toString(),
                "3000"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env(Map.of()));
    Process app = builder.start();
    started.add(app);
    List<String> lines = SeparateJvm.readUntil(SeparateJvm.reader(app), "READY");
    String runId = runIdIn(lines);

    // What Ctrl-C in a terminal or a service manager stopping the app does, at its hardest.
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + app.pid()).start();
    assertEquals(0, kill.waitFor(), "kill of the process group");
    assertTrue(app.waitFor(30, TimeUnit.SECONDS));

    RunRecord run = awaitEnd(runId);
    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertEquals(3000L, Long.parseLong(run.resultJson()));
    assertTrue(Marker.read(Marker.file(markers, runId, 1)).finished());
    assertEquals(1, HomeProcesses.executions(markers, runId));
  }

  @Test
  void threeApplicationsOnOneHomeShareOneConcurrencyLimit() throws Exception {
    Map<String, String> limit = env(Map.of("OVERTIME_LOCAL_CONCURRENCY", "2"));
    List<Process> apps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Process app =
          SeparateJvm.start(
              SubmitAndExit.class, limit, home.toString(), "sleep", markers.toString(), "700", "3");
      started.add(app);
      apps.add(app);
    }
    List<String> ids = new ArrayList<>();
    for (Process app : apps) {
      BufferedReader output = SeparateJvm.reader(app);
      for (String line : SeparateJvm.readUntil(output, "SUBMITTED")) {
        if (line.startsWith("RUN ")) {
          ids.add(line.substring(4));
        }
      }
    }
    assertEquals(9, ids.size());
    List<long[]> working = new ArrayList<>();
    for (String id : ids) {
      RunRecord run = awaitEnd(id);
      assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
      Marker marker = Marker.read(Marker.file(markers, id, 1));
      working.add(new long[] {marker.start(), marker.end()});
    }
    int most = 0;
    for (long[] candidate : working) {
      int containing = 0;
      for (long[] other : working) {
        if (other[0] <= candidate[0] && candidate[0] < other[1]) {
          containing++;
        }
      }
      most = Math.max(most, containing);
    }
    assertTrue(most <= 2, most + " handlers worked at once; the limit is 2");
    assertTrue(most >= 2, "runs never overlapped");
  }
}
