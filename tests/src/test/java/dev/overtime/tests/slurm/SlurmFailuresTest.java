package dev.overtime.tests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.slurm.SlurmEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.slurm.jobs.Work;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm engine when things die: the submitting JVM killed with SIGKILL, slurmctld stopped and
 * started again while jobs run (and while a run is submitted), a job requeued by Slurm (as after a
 * node failure) in the middle of its attempt. Its own cluster, so that these kills do not reach the
 * other tests.
 */
class SlurmFailuresTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path clusterDirectory;
  private static SlurmCluster cluster;

  @TempDir Path shared;
  private Path markers;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = SlurmCluster.start(clusterDirectory, 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void createMarkers() throws Exception {
    markers = Files.createDirectories(shared.resolve("markers"));
  }

  private SlurmEngine engine() {
    return SlurmEngine.builder(cluster.environment())
        .directory(shared.resolve("overtime"))
        .retryBaseDelay(Duration.ofMillis(200))
        .gracePeriod(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void killingTheSubmitterWithSigkillLosesNoRun() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SubmitThenWait.class.getName(),
            shared.resolve("overtime").toString(),
            cluster.conf().toString(),
            markers.toString(),
            "3",
            "3000");
    Process submitter = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> ids = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(submitter.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        if (line.startsWith("RUN ")) {
          ids.add(line.substring(4));
        }
      }
      submitter.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertTrue(submitter.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(3, ids.size(), "the submitter printed its runs");

    try (SlurmEngine engine = engine()) {
      for (String id : ids) {
        JobRun<String> run = Jobs.slurmWork(engine).get(id).await(RUN_TIMEOUT);
        assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "error: " + run.error());
        assertTrue(cluster.nodes().contains(run.result()), run.result());
      }
    }
  }

  @Test
  void restartingSlurmctldWhileJobsRunLosesNothing() throws Exception {
    try (SlurmEngine engine = engine()) {
      List<JobRun<String>> running = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        running.add(Jobs.slurmWork(engine).run(new Work(15_000, markers.toString())));
      }
      Conditions.await(
          "both runs to be working",
          RUN_TIMEOUT,
          () ->
              running.stream()
                  .filter(r -> Files.exists(markers.resolve(r.id() + "-1.pid")))
                  .count(),
          working -> working == 2);

      cluster.stopController();
      JobRun<String> submittedWhileDown;
      try {
        // While the controller is down: runs read from the shared files, and a new run is
        // accepted (recorded, its sbatch failing) rather than refused.
        assertEquals(
            List.of(RunStatus.RUNNING, RunStatus.RUNNING),
            engine.list("slurm-work", null, 10).stream().map(r -> r.status()).toList());
        submittedWhileDown = Jobs.slurmWork(engine).run(new Work(500, markers.toString()));
        assertEquals(RunStatus.QUEUED, submittedWhileDown.status());
        assertEquals(List.of(), engine.slurmJobs(submittedWhileDown.id()));
      } finally {
        cluster.startController();
      }

      for (JobRun<String> run : running) {
        JobRun<String> done = run.await(RUN_TIMEOUT);
        assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "error: " + done.error());
        assertEquals(
            1,
            done.attempt(),
            () -> "the restart cost an attempt; log:\n" + log(engine, done.id()));
      }
      JobRun<String> late = submittedWhileDown.await(RUN_TIMEOUT);
      assertEquals(RunStatus.SUCCEEDED, late.status(), () -> "error: " + late.error());
      assertEquals(1, engine.slurmJobs(late.id()).size(), "submitted once the controller was back");
    }
  }

  @Test
  void aJobRequeuedMidAttemptRunsTheLostAttemptOnceMoreAsItsRetry() throws Exception {
    try (SlurmEngine engine = engine()) {
      JobRun<String> run = Jobs.slurmWork(engine).run(new Work(60_000, markers.toString()));
      Path first = markers.resolve(run.id() + "-1.pid");
      Conditions.await("attempt 1 to be working", RUN_TIMEOUT, () -> Files.exists(first), b -> b);
      String slurmJob = engine.slurmJobs(run.id()).get(0);

      cluster.requeue(slurmJob);

      // The requeued job finds attempt 1 claimed by its earlier self and undecided: LOST, and
      // retried (slurm-work declares 1 retry) as attempt 2 in the same Slurm job.
      Path second = markers.resolve(run.id() + "-2.pid");
      try {
        Conditions.await(
            "attempt 2 to be working", RUN_TIMEOUT, () -> Files.exists(second), b -> b);
      } catch (AssertionError e) {
        System.out.println("[slurm test] run log:\n" + Files.readString(engine.logFile(run.id())));
        System.out.println("[slurm test] scontrol show job:\n" + cluster.showJob(slurmJob));
        throw e;
      }
      assertEquals(List.of(slurmJob), engine.slurmJobs(run.id()));
      Jobs.slurmWork(engine).cancel(run.id());
      JobRun<String> done = run.await(RUN_TIMEOUT);
      assertEquals(RunStatus.CANCELLED, done.status());
      assertEquals(2, done.attempt());
      String log = Files.readString(engine.logFile(run.id()));
      // Lost with its allocation, or, when the dying runner saw its child's CANCELLED outcome
      // first,
      // interrupted by a SIGTERM no cancel asked for: either way retried once, as attempt 2.
      assertTrue(
          log.contains("attempt 1 ended LOST")
              || log.contains("attempt 1 ended FAILED (overtime.interrupted"),
          log);
    }
  }

  private static String log(SlurmEngine engine, String runId) {
    try {
      return Files.readString(engine.logFile(runId));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
