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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The concurrency limit holds with a queue much longer than the limit, and the queue is FIFO. */
@Timeout(300)
class ConcurrencyLimitTest {
  private static final int LIMIT = 3;
  private static final int RUNS = 20;

  @TempDir Path home;
  @TempDir Path markers;

  @AfterEach
  void cleanUp() {
    ChildProcesses.killDescendants();
  }

  @Test
  void twentyQueuedRunsNeverRunMoreThanTheLimitAtOnceAndStartInOrder() {
    try (LocalEngine engine =
        LocalEngine.builder().home(home).concurrency(LIMIT).console(null).build()) {
      List<JobRun<Long>> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        runs.add(Jobs.localSleep(engine).run(new Nap(400, markers.toString(), false)));
      }

      List<JobRun<Long>> done = new ArrayList<>();
      for (JobRun<Long> run : runs) {
        done.add(run.await(Duration.ofSeconds(240)));
      }

      List<long[]> working = new ArrayList<>();
      List<long[]> running = new ArrayList<>();
      for (JobRun<Long> run : done) {
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
        Marker marker = Marker.read(Marker.file(markers, run.id(), 1));
        working.add(new long[] {marker.start(), marker.end()});
        running.add(
            new long[] {
              run.startedAt().orElseThrow().toEpochMilli(),
              run.finishedAt().orElseThrow().toEpochMilli()
            });
      }
      // Handlers measure their own work; the engine's records span the whole JVM, start-up
      // included.
      int mostWorking = mostAtOnce(working);
      int mostRunning = mostAtOnce(running);
      assertTrue(
          mostWorking <= LIMIT,
          "up to " + mostWorking + " handlers worked at once; the limit is " + LIMIT);
      assertTrue(
          mostRunning <= LIMIT,
          "up to " + mostRunning + " runs were RUNNING at once; the limit is " + LIMIT);
      assertTrue(
          mostRunning >= 2, "runs never overlapped; the engine did not run them concurrently");
      Instant previous = Instant.MIN;
      for (JobRun<Long> run : done) {
        Instant started = run.startedAt().orElseThrow();
        assertTrue(!started.isBefore(previous), "runs started out of submission order");
        previous = started;
      }
    }
  }

  /** The most intervals [start, end) that contain one instant. */
  private static int mostAtOnce(List<long[]> intervals) {
    int most = 0;
    for (long[] candidate : intervals) {
      int containing = 0;
      for (long[] other : intervals) {
        if (other[0] <= candidate[0] && candidate[0] < other[1]) {
          containing++;
        }
      }
      most = Math.max(most, containing);
    }
    return most;
  }
}
