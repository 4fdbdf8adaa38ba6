package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the JVM that started runs, with runs running and queued: the home's
 * supervisor, not that JVM, launches and watches them, so every run goes on and ends exactly once.
 * (Kills of the supervisor itself: {@link SupervisorKillTest}.)
 */
@Timeout(180)
class CrashRecoveryTest {
  @TempDir Path home;
  @TempDir Path markers;
  private final List<Long> orphans = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    HomeProcesses.killAll(home);
    ChildProcesses.kill(orphans);
  }

  @Test
  void afterKillOfTheStartingJvmEveryRunReachesExactlyOneTerminalState() throws Exception {
    Process starter =
        SeparateJvm.start(
            StartRunsThenWait.class, Map.of(), home.toString(), markers.toString(), "8000");
    BufferedReader output = SeparateJvm.reader(starter);
    List<String> lines = SeparateJvm.readUntil(output, "READY");
    List<String> ids =
        lines.stream()
            .filter(line -> line.startsWith("RUN "))
            .map(line -> line.substring(4))
            .toList();
    assertEquals(4, ids.size(), lines.toString());
    Marker survivor = Marker.read(Marker.file(markers, ids.get(0), 1));
    Marker vanished = Marker.read(Marker.file(markers, ids.get(1), 1));
    orphans.add(survivor.pid());
    orphans.add(vanished.pid());

    starter.destroyForcibly();
    assertTrue(starter.waitFor(30, TimeUnit.SECONDS));
    // The second run's process dies too, before it can report: its outcome is never written.
    ProcessHandle.of(vanished.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Conditions.waitUntil(
        "the second run's process is gone",
        Duration.ofSeconds(10),
        () -> !ChildProcesses.isAlive(vanished.pid()));

    try (LocalEngine engine =
        LocalEngine.builder().home(home).concurrency(2).console(null).build()) {
      List<JobRun<Long>> ended = new ArrayList<>();
      for (String id : ids) {
        ended.add(Jobs.localSleep(engine).get(id).await(Duration.ofSeconds(90)));
      }

      assertEquals(
          RunStatus.SUCCEEDED, ended.get(0).status(), "the surviving child's outcome is kept");
      assertEquals(8000L, ended.get(0).result());
      // The supervisor that started it saw its exit code (SIGKILL): it has no retries.
      assertEquals(RunStatus.FAILED, ended.get(1).status(), "the killed run FAILED");
      assertEquals("overtime.process-exited", ended.get(1).error().orElseThrow().type());
      assertEquals(
          RunStatus.SUCCEEDED, ended.get(2).status(), "queued runs start on the next engine");
      assertEquals(RunStatus.SUCCEEDED, ended.get(3).status());
      for (JobRun<Long> run : ended) {
        assertEquals(1, run.attempt(), run.toString());
        assertEquals(1, markersOf(run.id()), "run " + run.id() + " was started more than once");
        assertEquals(run.record(), run.refresh().record(), "a terminal run never changes");
      }
    }
  }

  private long markersOf(String runId) throws Exception {
    try (Stream<Path> files = Files.list(markers)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(runId))
          .filter(file -> file.getFileName().toString().endsWith(".marker"))
          .count();
    }
  }
}
