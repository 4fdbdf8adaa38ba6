package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @JobHandler(concurrency = 1)} with two application processes on one home: the job's runs
 * of both run one at a time, under a global limit of 3, and another job's runs start past them.
 */
@Timeout(240)
class PerJobConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path home;
  @TempDir Path markers;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
    HomeProcesses.killAll(home);
  }

  @Test
  void aLimitedJobRunsOneAtATimeAcrossTwoClientsWhileOtherJobsPassIt() throws Exception {
    Map<String, String> env =
        Map.of("OVERTIME_LOCAL_CONCURRENCY", "3", Supervisor.IDLE_VARIABLE, "5s");
    List<Process> apps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Process app =
          SeparateJvm.start(
              SubmitAndExit.class, env, home.toString(), "single", markers.toString(), "600", "3");
      started.add(app);
      apps.add(app);
    }
    List<String> single = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Process app : apps) {
      BufferedReader output = SeparateJvm.reader(app);
      for (String line : SeparateJvm.readUntil(output, "SUBMITTED")) {
        if (line.startsWith("RUN ")) {
          single.add(line.substring(4));
        } else if (line.startsWith("OTHER ")) {
          others.add(line.substring(6));
        }
      }
    }
    assertEquals(6, single.size());
    assertEquals(2, others.size());

    List<long[]> working = new ArrayList<>();
    long lastSingleStart = 0;
    for (String id : single) {
      assertEquals(RunStatus.SUCCEEDED, awaitEnd(id).status());
      Marker marker = Marker.read(Marker.file(markers, id, 1));
      working.add(new long[] {marker.start(), marker.end()});
      lastSingleStart = Math.max(lastSingleStart, marker.start());
    }
    for (String id : others) {
      assertEquals(RunStatus.SUCCEEDED, awaitEnd(id).status());
      long start = Marker.read(Marker.file(markers, id, 1)).start();
      assertTrue(
          start < lastSingleStart,
          "run "
              + id
              + " of another job waited behind the limited job's queue (started at "
              + start
              + ", the last limited run at "
              + lastSingleStart
              + ")");
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
    assertEquals(1, most, most + " runs of local-single worked at once; its limit is 1");
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
}
