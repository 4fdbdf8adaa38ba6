package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two processes on one OVERTIME_HOME: one reads and cancels the other's run. */
@Timeout(120)
class SharedHomeTest {
  @TempDir Path home;
  @TempDir Path markers;

  @AfterEach
  void cleanUp() {
    ChildProcesses.killDescendants();
  }

  @Test
  void anotherProcessReadsAndCancelsARunOfThisOne() throws Exception {
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .concurrency(2)
            .console(null)
            .gracePeriod(Duration.ofSeconds(3))
            .build()) {
      JobRun<Long> run = Jobs.localSleep(engine).run(new Nap(120_000, markers.toString(), true));
      Path markerFile = Marker.file(markers, run.id(), 1);
      Conditions.waitUntil(
          "the job started", Duration.ofSeconds(60), () -> Marker.started(markerFile));
      Marker marker = Marker.read(markerFile);

      Process other =
          SeparateJvm.start(CancelFromAnotherProcess.class, Map.of(), home.toString(), run.id());
      List<String> lines = SeparateJvm.readUntil(SeparateJvm.reader(other), "CANCELLED-AS");
      assertTrue(other.waitFor(30, TimeUnit.SECONDS));

      assertTrue(lines.contains("SEEN RUNNING"), lines.toString());
      assertTrue(lines.contains("LISTED 1"), lines.toString());
      assertTrue(lines.contains("CANCELLED-AS CANCELLED"), lines.toString());
      assertEquals(0, other.exitValue(), lines.toString());
      JobRun<Long> seenHere = Jobs.localSleep(engine).get(run.id()).await(Duration.ofSeconds(10));
      assertEquals(RunStatus.CANCELLED, seenHere.status());
      Conditions.waitUntil(
          "no process of the run is left",
          Duration.ofSeconds(10),
          () ->
              !ChildProcesses.isAlive(marker.pid()) && !ChildProcesses.isAlive(marker.childPid()));
    }
  }
}
