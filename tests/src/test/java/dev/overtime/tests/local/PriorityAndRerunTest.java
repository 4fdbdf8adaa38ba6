package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Queue priority on the local engine (higher first, FIFO within), and re-runs of a run. */
@Timeout(240)
class PriorityAndRerunTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path home;
  @TempDir Path markers;

  @AfterEach
  void cleanUp() {
    ChildProcesses.killDescendants();
  }

  @Test
  void queuedRunsStartByPriorityThenInSubmissionOrder() {
    try (LocalEngine engine =
        LocalEngine.builder().home(home).concurrency(1).console(null).build()) {
      JobRun<Long> blocker = Jobs.localSleep(engine).run(new Nap(1500, markers.toString(), false));
      Conditions.waitUntil(
          "the first run holds the only slot",
          WAIT,
          () -> blocker.refresh().status() == RunStatus.RUNNING);
      Map<String, JobRun<Long>> queued = new LinkedHashMap<>();
      for (String name : List.of("low-1:0", "high-1:5", "low-2:0", "middle:2", "high-2:5")) {
        int priority = Integer.parseInt(name.substring(name.indexOf(':') + 1));
        queued.put(
            name.substring(0, name.indexOf(':')),
            Jobs.localSleep(engine)
                .run(
                    new Nap(50, markers.toString(), false),
                    RunOptions.builder().priority(priority).build()));
      }

      List<Map.Entry<String, JobRun<Long>>> done = new ArrayList<>();
      for (Map.Entry<String, JobRun<Long>> entry : queued.entrySet()) {
        JobRun<Long> run = entry.getValue().await(WAIT);
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
        done.add(Map.entry(entry.getKey(), run));
      }
      assertEquals(5, done.get(1).getValue().details().priority());
      done.sort(Comparator.comparing(entry -> entry.getValue().startedAt().orElseThrow()));
      assertEquals(
          List.of("high-1", "high-2", "middle", "low-1", "low-2"),
          done.stream().map(Map.Entry::getKey).toList());
    }
  }

  @Test
  void aRerunStartsANewRunWithTheSamePayloadLinkedToTheOriginal() {
    try (LocalEngine engine = LocalEngine.builder().home(home).console(null).build()) {
      JobRun<Long> original =
          Jobs.localSleep(engine).run(new Nap(120, markers.toString(), false)).await(WAIT);
      assertEquals(RunStatus.SUCCEEDED, original.status(), original.toString());

      JobRun<Long> rerun = Jobs.localSleep(engine).rerun(original.id()).await(WAIT);

      assertEquals(RunStatus.SUCCEEDED, rerun.status(), rerun.toString());
      assertNotEquals(original.id(), rerun.id());
      assertEquals(120L, rerun.result());
      assertEquals(original.id(), rerun.details().rerunOf().orElseThrow());
      // The handler ran again, as the re-run, with the original's payload (its marker directory).
      assertEquals(1, HomeProcesses.executions(markers, rerun.id()));
      assertEquals(List.of(rerun.id()), engine.rerunsOf(original.id()));
    }
  }
}
