package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Stages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress from a run's own process to {@code JobRun.progress()} on the local engine. */
@Timeout(120)
class LocalProgressTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  @TempDir Path files;
  private LocalEngine engine;

  @BeforeEach
  void openEngine() {
    engine =
        LocalEngine.builder()
            .home(home)
            .retryBaseDelay(Duration.ofMillis(50))
            .console(null)
            .build();
  }

  @AfterEach
  void closeEngine() {
    engine.close();
    ChildProcesses.killDescendants();
  }

  @Test
  void aRunningJobsProgressGrowsAndItsLastReportIsKeptWhenItEnds() {
    JobRun<Void> run =
        Jobs.localProgress(engine).run(new Stages(20, 100, 0, files.resolve("x").toString()));

    AtomicReference<JobRun<Void>> midway = new AtomicReference<>(run);
    Conditions.waitUntil(
        "progress while it runs",
        WAIT,
        () -> {
          JobRun<Void> r = midway.updateAndGet(JobRun::refresh);
          return r.status() == RunStatus.RUNNING
              && r.progress().map(p -> p.fraction() > 0 && p.fraction() < 1).orElse(false);
        });
    String message = midway.get().progress().orElseThrow().message();
    assertTrue(message.matches("step \\d+ of 20"), message);

    JobRun<Void> done = run.await(WAIT);
    assertEquals(RunStatus.SUCCEEDED, done.status());
    RunProgress last = done.progress().orElseThrow();
    assertEquals(1.0, last.fraction(), "the last report is stored when the handler returns");
    assertEquals("step 20 of 20", last.message());
    assertEquals(last, engine.list("local-progress", null, 10).get(0).details().progress().get());
  }

  @Test
  void aRetryShowsOnlyWhatItReportsItself() throws Exception {
    Path release = files.resolve("release");
    JobRun<Void> run = Jobs.localProgress(engine).run(new Stages(2, 10, 1, release.toString()));

    AtomicReference<JobRun<Void>> retry = new AtomicReference<>(run);
    Conditions.waitUntil(
        "the second attempt running",
        WAIT,
        () -> {
          JobRun<Void> r = retry.updateAndGet(JobRun::refresh);
          return r.attempt() == 2 && r.status() == RunStatus.RUNNING;
        });
    assertTrue(
        retry.get().progress().isEmpty(),
        "attempt 1's 90% is not attempt 2's progress: " + retry.get().progress());

    Files.writeString(release, "go");
    JobRun<Void> done = run.await(WAIT);
    assertEquals(RunStatus.SUCCEEDED, done.status());
    assertEquals("step 2 of 2", done.progress().orElseThrow().message());
  }
}
