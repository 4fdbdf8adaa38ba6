package dev.overtime.tests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.slurm.SlurmEngine;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.fixtures.math.FactorialPayload;
import dev.overtime.tests.slurm.jobs.Bulk;
import dev.overtime.tests.slurm.jobs.Flaky;
import dev.overtime.tests.slurm.jobs.Work;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm engine against a real cluster (munged, slurmctld, two slurmd) started by {@link
 * SlurmCluster}: the same typed clients as on the local engine, with runs that are real Slurm batch
 * jobs.
 */
class SlurmEngineTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path clusterDirectory;
  private static SlurmCluster cluster;

  @TempDir Path shared;
  private SlurmEngine engine;
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
  void createEngine() throws Exception {
    engine = engine(List.of());
    markers = Files.createDirectories(shared.resolve("markers"));
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private SlurmEngine engine(List<String> sbatchOptions) {
    return SlurmEngine.builder(cluster.environment())
        .directory(shared.resolve("overtime"))
        .sbatchOptions(sbatchOptions)
        .retryBaseDelay(Duration.ofMillis(200))
        .gracePeriod(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void factorialReturnsItsTypedResultFromASlurmJob() throws Exception {
    JobRun<BigInteger> run = Jobs.factorial(engine).run(new FactorialPayload(20));
    assertEquals(RunStatus.QUEUED, run.status());

    JobRun<BigInteger> done = run.await(RUN_TIMEOUT);

    assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "error: " + done.error());
    assertEquals(new BigInteger("2432902008176640000"), done.result());
    assertEquals(1, engine.slurmJobs(run.id()).size());
    String log = Files.readString(engine.logFile(run.id()));
    assertTrue(log.contains("[overtime] attempt 1 of 1 started at "), log);
    assertTrue(log.contains("Factorial of 20 is 2432902008176640000"), log);
    assertEquals(
        List.of(run.id()), engine.list("factorial", null, 10).stream().map(r -> r.id()).toList());
  }

  @Test
  void aFailingJobIsRetriedInsideItsOneAllocation() throws Exception {
    JobRun<Integer> run = Jobs.slurmFlaky(engine).run(new Flaky(3)).await(RUN_TIMEOUT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "error: " + run.error());
    assertEquals(3, run.result());
    assertEquals(3, run.attempt());
    assertEquals(1, engine.slurmJobs(run.id()).size(), "retries need no second Slurm job");
    String log = Files.readString(engine.logFile(run.id()));
    assertTrue(log.contains("[overtime] attempt 3 of 3 started at "), log);
    assertTrue(log.contains("attempt 1 ended FAILED"), log);

    // Each attempt's start and end, from its files: the run's total and each attempt's time.
    List<AttemptSpan> spans = run.details().attempts();
    assertEquals(
        List.of(1, 2, 3), spans.stream().map(AttemptSpan::attempt).toList(), spans::toString);
    assertEquals(
        List.of(RunStatus.FAILED, RunStatus.FAILED, RunStatus.SUCCEEDED),
        spans.stream().map(AttemptSpan::status).toList(),
        spans::toString);
    for (int i = 0; i < spans.size(); i++) {
      AttemptSpan span = spans.get(i);
      assertFalse(span.endedAt().isBefore(span.startedAt()), spans::toString);
      if (i > 0) {
        assertFalse(
            span.startedAt().isBefore(spans.get(i - 1).endedAt()),
            "an attempt starts after the one before ended: " + spans);
      }
    }
    assertEquals(run.finishedAt().orElseThrow(), spans.get(2).endedAt(), spans::toString);
    assertEquals(run.startedAt().orElseThrow(), spans.get(2).startedAt(), spans::toString);
  }

  @Test
  void aJobThatKeepsFailingEndsFailedWithItsErrorAfterItsRetries() {
    JobRun<Integer> run = Jobs.slurmFlaky(engine).run(new Flaky(0)).await(RUN_TIMEOUT);

    assertEquals(RunStatus.FAILED, run.status());
    assertEquals(3, run.attempt());
    assertEquals("java.lang.IllegalStateException", run.error().orElseThrow().type());
    assertTrue(run.error().orElseThrow().message().contains("attempt 3"), run.error()::toString);
  }

  @Test
  void aRunPastItsTimeoutEndsTimedOut() {
    JobRun<String> run =
        Jobs.slurmWork(engine)
            .run(
                new Work(120_000, markers.toString()),
                RunOptions.builder().timeout(Duration.ofSeconds(3)).build())
            .await(RUN_TIMEOUT);

    assertEquals(RunStatus.TIMED_OUT, run.status());
    assertEquals("overtime.timed-out", run.error().orElseThrow().type());
  }

  @Test
  void cancelStopsARunningJobAndLeavesNoProcessBehind() throws Exception {
    JobRun<String> run = Jobs.slurmWork(engine).run(new Work(120_000, markers.toString()));
    Path marker = markers.resolve(run.id() + "-1.pid");
    Conditions.await("the job to start working", RUN_TIMEOUT, () -> Files.exists(marker), b -> b);
    long pid = Long.parseLong(Files.readString(marker).trim());
    assertTrue(ProcessHandle.of(pid).isPresent(), "the job's process runs");

    Jobs.slurmWork(engine).cancel(run.id());
    JobRun<String> done = run.await(RUN_TIMEOUT);

    assertEquals(RunStatus.CANCELLED, done.status());
    assertEquals("overtime.cancelled", done.error().orElseThrow().type());
    Conditions.await(
        "the job's process to be gone",
        Duration.ofSeconds(30),
        () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        alive -> !alive);
    String slurmJob = engine.slurmJobs(run.id()).get(0);
    Conditions.await(
        "Slurm job " + slurmJob + " to end",
        Duration.ofSeconds(30),
        () -> cluster.jobState(slurmJob),
        state -> !state.equals("RUNNING") && !state.equals("COMPLETING"));
  }

  @Test
  void cancelDuringTheBackoffBeforeARetryEndsTheRunWithoutTheRetry() throws Exception {
    // A backoff of 30 to 60 s after the first failure: the cancel must not wait for it.
    try (SlurmEngine slow =
        SlurmEngine.builder(cluster.environment())
            .directory(shared.resolve("overtime"))
            .retryBaseDelay(Duration.ofSeconds(60))
            .build()) {
      JobRun<Integer> run = Jobs.slurmFlaky(slow).run(new Flaky(0));
      Conditions.await(
          "attempt 1 to have failed",
          RUN_TIMEOUT,
          () -> read(slow.logFile(run.id())),
          log -> log.contains("attempt 1 ended FAILED"));

      Jobs.slurmFlaky(slow).cancel(run.id());
      JobRun<Integer> done = run.await(Duration.ofSeconds(25));

      assertEquals(RunStatus.CANCELLED, done.status());
      assertFalse(read(slow.logFile(run.id())).contains("attempt 2 of 3 started"));
      // The runner itself recorded the cancel as SIGTERM reached it: no second job was needed.
      assertEquals(1, slow.slurmJobs(run.id()).size());
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void cancelOfAQueuedRunMeansItNeverStarts() throws Exception {
    // --begin keeps the Slurm job pending for an hour: the run stays QUEUED until cancelled.
    try (SlurmEngine later = engine(List.of("--begin=now+1hour"))) {
      JobRun<String> run = Jobs.slurmWork(later).run(new Work(1_000, markers.toString()));
      String slurmJob = later.slurmJobs(run.id()).get(0);
      assertEquals("PENDING", cluster.jobState(slurmJob));

      JobRun<String> cancelled = Jobs.slurmWork(later).cancel(run.id());

      assertEquals(RunStatus.CANCELLED, cancelled.status());
      Conditions.await(
          "Slurm job " + slurmJob + " to be cancelled",
          Duration.ofSeconds(30),
          () -> cluster.jobState(slurmJob),
          state -> state.equals("CANCELLED"));
      assertFalse(Files.exists(markers.resolve(run.id() + "-1.pid")), "the job never ran");
      assertEquals(RunStatus.CANCELLED, Jobs.slurmWork(later).get(run.id()).status());
    }
  }

  @Test
  void oneIdempotencyKeyIsOneRunAcrossConcurrentSubmitters() throws Exception {
    int submitters = 6;
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    List<SlurmEngine> engines = new ArrayList<>();
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < submitters; i++) {
        // Each its own engine on the shared directory, as separate processes would be.
        SlurmEngine own = engine(List.of());
        engines.add(own);
        Callable<String> submit =
            () ->
                Jobs.factorial(own)
                    .run(
                        new FactorialPayload(5),
                        RunOptions.builder().idempotencyKey("order-42").build())
                    .id();
        ids.add(pool.submit(submit));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> id : ids) {
        distinct.add(id.get());
      }
      assertEquals(1, distinct.size(), "runs: " + distinct);
      String id = distinct.iterator().next();
      assertEquals(
          BigInteger.valueOf(120), Jobs.factorial(engine).get(id).await(RUN_TIMEOUT).result());
      assertEquals(1, engine.slurmJobs(id).size());
      assertEquals(1, engine.list("factorial", null, 100).size());
    } finally {
      pool.shutdownNow();
      engines.forEach(SlurmEngine::close);
    }
  }

  @Test
  void aTwentyMegabytePayloadArrivesWhole() {
    String data = "overtime-".repeat(20 * 1024 * 1024 / 9);
    JobRun<String> run = Jobs.slurmMeasure(engine).run(new Bulk(data)).await(RUN_TIMEOUT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "error: " + run.error());
    assertEquals(data.length() + ":" + data.hashCode(), run.result());
  }

  @Test
  void runsLandOnBothComputeNodes() throws Exception {
    List<JobRun<String>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(Jobs.slurmWork(engine).run(new Work(4_000, markers.toString())));
    }
    Conditions.await(
        "all four runs to be working",
        RUN_TIMEOUT,
        () -> runs.stream().filter(r -> Files.exists(markers.resolve(r.id() + "-1.pid"))).count(),
        working -> working == 4);
    System.out.println("[slurm test] squeue while four runs work:\n" + cluster.squeue());
    Set<String> nodes = new HashSet<>();
    for (JobRun<String> run : runs) {
      JobRun<String> done = run.await(RUN_TIMEOUT);
      assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "error: " + done.error());
      nodes.add(done.result());
    }
    assertEquals(Set.copyOf(cluster.nodes()), nodes);
  }

  @Test
  void aNodeWithoutTheJavaLauncherEndsTheRunStartFailedAfterThreeStarts() {
    // The batch script's exec fails on the node: the job ends before any attempt is claimed, and
    // readers decide it through the lifecycle (start again, without a retry, up to the limit).
    try (SlurmEngine broken =
        SlurmEngine.builder(cluster.environment())
            .directory(shared.resolve("overtime"))
            .java("/nonexistent/bin/java")
            .retryBaseDelay(Duration.ofMillis(200))
            .build()) {
      JobRun<BigInteger> run =
          Jobs.factorial(broken).run(new FactorialPayload(3)).await(RUN_TIMEOUT);

      assertEquals(RunStatus.FAILED, run.status());
      assertEquals("overtime.start-failed", run.error().orElseThrow().type());
      assertTrue(
          run.error().orElseThrow().message().contains("/nonexistent/bin/java"),
          run.error()::toString);
      assertEquals(3, broken.slurmJobs(run.id()).size(), "one Slurm job per start");
    }
  }

  @Test
  void aPartitionSlurmRejectsIsAClearErrorAndAFailedRecord() {
    try (SlurmEngine wrong =
        SlurmEngine.builder(cluster.environment())
            .directory(shared.resolve("overtime"))
            .partition("no-such-partition")
            .build()) {
      OvertimeException error =
          org.junit.jupiter.api.Assertions.assertThrows(
              OvertimeException.class, () -> Jobs.factorial(wrong).run(new FactorialPayload(3)));
      assertTrue(error.getMessage().contains("Invalid partition"), error.getMessage());
      assertTrue(error.getMessage().contains("OVERTIME_SLURM_PARTITION"), error.getMessage());
      RunRecord recorded = wrong.list("factorial", null, 1).get(0);
      assertEquals(RunStatus.FAILED, recorded.status());
      assertEquals("overtime.start-failed", recorded.error().type());
    }
  }

  @Test
  void theCliListsShowsFollowsAndCancelsSlurmRuns() throws Exception {
    JobRun<String> run = Jobs.slurmWork(engine).run(new Work(120_000, markers.toString()));
    Path marker = markers.resolve(run.id() + "-1.pid");
    Conditions.await("the job to start working", RUN_TIMEOUT, () -> Files.exists(marker), b -> b);

    String runs = cli("runs", "--job", "slurm-work");
    assertTrue(runs.contains(run.id()) && runs.contains("RUNNING"), runs);
    String status = cli("status", run.id(), "--json");
    assertTrue(status.contains("\"slurm-work\""), status);
    String cancelled = cli("cancel", run.id());
    assertTrue(cancelled.contains("CANCELLED"), cancelled);
    String logs = cli("logs", run.id());
    assertTrue(logs.contains("[overtime] attempt 1 of 2 started at "), logs);
    assertTrue(logs.contains("[overtime] run ended CANCELLED"), logs);
  }

  /** Runs {@code overtime <args>} in a JVM of its own with OVERTIME_ENGINE=slurm; its output. */
  private String cli(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.overtime.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(cluster.environment());
    builder.environment().put("OVERTIME_ENGINE", "slurm");
    builder.environment().put(SlurmEngine.DIRECTORY_VARIABLE, engine.directory().toString());
    Process process = builder.start();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(
        0, process.exitValue(), () -> "overtime " + String.join(" ", args) + ": " + output);
    return output;
  }
}
