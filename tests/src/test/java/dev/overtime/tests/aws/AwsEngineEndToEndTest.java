package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.AwsEmulator;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.invoker.emulator.InjectedFault;
import dev.overtime.aws.invoker.emulator.RecordedRequest;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.aws.jobs.AwsTestJobs;
import dev.overtime.tests.aws.jobs.Text;
import dev.overtime.tests.aws.jobs.TextStats;
import dev.overtime.tests.aws.jobs.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * client → Lambda API → invoker → ECS API → container process (the real bootstrap) → S3 → client,
 * all through the real AWS SDK clients against the in-JVM emulator.
 */
class AwsEngineEndToEndTest {
  private static final Duration AWAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private AwsPath path;
  private AwsEngine engine;

  @BeforeEach
  void start() throws Exception {
    path = new AwsPath(work);
    engine = path.engine();
  }

  @AfterEach
  void stop() {
    engine.close();
    path.close();
  }

  @Test
  void runTravelsThroughLambdaEcsAndS3AndReturnsTheTypedResult() throws Exception {
    // Engines.create("aws", env): the same configuration an application gets from OVERTIME_*
    // variables.
    try (Engine configured = Engines.create("aws", path.clientEnvironment())) {
      JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, configured);
      JobRun<TextStats> run = client.run(new Text("hello aws"));
      assertEquals(RunStatus.QUEUED, run.status());

      TextStats stats = client.get(run.id()).await(AWAIT).result();
      assertEquals(new TextStats(9, run.id(), 1), stats, path.taskLogText());

      RecordedRequest invoke = path.aws.requests("lambda").get(0);
      assertEquals("POST", invoke.method());
      assertEquals("/2015-03-31/functions/" + AwsPath.FUNCTION + "/invocations", invoke.path());
      JsonNode request = JsonCodec.shared().readTree(invoke.body());
      assertEquals("run", request.path("action").asText());
      assertEquals("aws-measure", request.path("job").asText());
      assertEquals("{\"text\":\"hello aws\"}", request.path("payload").toString());
      assertEquals(600, request.path("timeoutSeconds").asInt());

      RecordedRequest runTask = path.aws.requests("ecs").get(0);
      assertEquals("AmazonEC2ContainerServiceV20141113.RunTask", runTask.header("x-amz-target"));
      JsonNode overrides = JsonCodec.shared().readTree(runTask.body()).path("overrides");
      assertTrue(overrides.toString().getBytes(StandardCharsets.UTF_8).length < 8 * 1024);

      byte[] outcome = path.object("overtime/runs/" + run.id() + "/attempt-1/outcome.json");
      assertEquals("SUCCEEDED", JsonCodec.shared().readTree(outcome).path("status").asText());
    }
  }

  @Test
  void aDelayedExpiringRunWaitsDelayedThenRunsAndCarriesItsTimes() throws Exception {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobRun<TextStats> run =
        client.run(
            new Text("later"),
            dev.overtime.runtime.RunOptions.builder()
                .startAfter(Duration.ofSeconds(4))
                .timeToLive(Duration.ofMinutes(5))
                .build());

    assertEquals(RunStatus.DELAYED, run.status());
    java.time.Instant startAt = run.startAt().orElseThrow();
    assertEquals(startAt.plus(Duration.ofMinutes(5)), run.expiresAt().orElseThrow());
    JsonNode request = JsonCodec.shared().readTree(path.aws.requests("lambda").get(0).body());
    assertEquals(startAt.toString(), request.path("startAt").asText());
    assertEquals(300_000, request.path("timeToLiveMillis").asLong());
    assertTrue(path.aws.ecs().tasks().isEmpty(), "no task before its time");

    JobRun<TextStats> done = client.get(run.id()).await(AWAIT);

    assertEquals(RunStatus.SUCCEEDED, done.status(), path.taskLogText());
    assertFalse(done.startedAt().orElseThrow().isBefore(startAt), done.record().toString());
    assertEquals(startAt, done.startAt().orElseThrow());
  }

  @Test
  void cancelOfADelayedRunEndsItCancelledWithoutATask() {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobRun<TextStats> run =
        client.run(
            new Text("never"),
            dev.overtime.runtime.RunOptions.builder().startAfter(Duration.ofHours(1)).build());

    JobRun<TextStats> cancelled = client.cancel(run.id());

    assertEquals(RunStatus.CANCELLED, cancelled.status());
    assertTrue(path.aws.ecs().tasks().isEmpty());
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> client.reschedule(run.id(), java.time.Instant.now()));
    assertTrue(refused.getMessage().contains("it ended CANCELLED"), refused.getMessage());
    assertTrue(path.aws.ecs().tasks().isEmpty(), "a refused reschedule starts nothing");
  }

  @Test
  void rescheduleMovesADelayedRunEarlierItRunsThenAndIsRefusedOnceItStarted() throws Exception {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobRun<TextStats> run =
        client.run(
            new Text("moved"),
            dev.overtime.runtime.RunOptions.builder()
                .startAfter(Duration.ofHours(1))
                .timeToLive(Duration.ofMinutes(5))
                .build());
    java.time.Instant soon = java.time.Instant.now().plusSeconds(4);

    JobRun<TextStats> moved = client.reschedule(run.id(), soon);

    assertEquals(RunStatus.DELAYED, moved.status());
    assertEquals(soon, moved.startAt().orElseThrow());
    assertEquals(soon.plus(Duration.ofMinutes(5)), moved.expiresAt().orElseThrow());
    assertTrue(path.aws.ecs().tasks().isEmpty(), "not before its new time");
    JobRun<TextStats> done = client.get(run.id()).await(AWAIT);
    assertEquals(RunStatus.SUCCEEDED, done.status(), path.taskLogText());
    assertFalse(done.startedAt().orElseThrow().isBefore(soon), done.record().toString());
    assertEquals(5, done.result().length());
    assertThrows(
        IllegalStateException.class,
        () -> client.reschedule(run.id(), java.time.Instant.now().plusSeconds(60)));
    // A run that was not delayed got its task when it was submitted: nothing to move.
    JobRun<TextStats> plain = client.run(new Text("now"));
    IllegalStateException notDelayed =
        assertThrows(
            IllegalStateException.class,
            () -> client.reschedule(plain.id(), java.time.Instant.now().plusSeconds(60)));
    assertTrue(notDelayed.getMessage().contains("was not delayed"), notDelayed.getMessage());
    // Its task's end is settled before the emulator stops.
    assertEquals(RunStatus.SUCCEEDED, client.get(plain.id()).await(AWAIT).status());
  }

  @Test
  void aRunAScheduleFiredRunsItsPayloadAndTheClientSeesItsSchedule() throws Exception {
    java.time.Instant scheduledFor = java.time.Instant.parse("2024-12-02T01:30:00Z");
    // What the stack's schedule delivers (docs/aws.md, "Schedules"): an asynchronous invocation,
    // twice here, as a retried delivery would.
    byte[] fire =
        dev.overtime.aws.protocol.InvokerEvent.fireJson(
                "aws-measure#0", JsonCodec.shared().readTree("{\"text\":\"nightly\"}"))
            .replace(
                dev.overtime.aws.protocol.InvokerEvent.SCHEDULED_TIME_ATTRIBUTE,
                scheduledFor.toString())
            .getBytes(StandardCharsets.UTF_8);
    path.aws.lambda().invokeAsync(AwsPath.FUNCTION, fire);
    path.aws.lambda().invokeAsync(AwsPath.FUNCTION, fire);
    waitFor(() -> !path.aws.ecs().tasks().isEmpty(), "the fire's task: " + path.taskLogText());
    String runId =
        path.aws.ecs().tasks().values().iterator().next().environment().get("OVERTIME_RUN_ID");

    JobRun<TextStats> done = JobClient.of(AwsTestJobs.AWS_MEASURE, engine).get(runId).await(AWAIT);

    assertEquals(new TextStats(7, runId, 1), done.result(), path.taskLogText());
    assertEquals("aws-measure#0", done.record().details().schedule().orElseThrow());
    assertEquals(scheduledFor, done.record().details().scheduledFor().orElseThrow());
    assertEquals(1, path.aws.ecs().tasks().size(), "one run for the fire delivered twice");
  }

  @Test
  void twentyMegabytePayloadGoesThroughS3() throws Exception {
    String text = "x".repeat(20 * 1024 * 1024);
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobRun<TextStats> run = client.run(new Text(text));
    assertEquals(text.length(), run.await(AWAIT).result().length(), path.taskLogText());

    RecordedRequest invoke = path.aws.requests("lambda").get(0);
    assertTrue(invoke.body().length < 1024, "the Lambda request carries only the payload's URI");
    String payloadUri = JsonCodec.shared().readTree(invoke.body()).path("payloadUri").asText();
    assertTrue(payloadUri.startsWith("s3://" + AwsPath.BUCKET + "/overtime/payloads/"), payloadUri);
    JsonNode env =
        JsonCodec.shared()
            .readTree(path.aws.requests("ecs").get(0).body())
            .path("overrides")
            .path("containerOverrides")
            .get(0)
            .path("environment");
    assertTrue(env.toString().contains(payloadUri), env.toString());
    assertTrue(env.toString().getBytes(StandardCharsets.UTF_8).length < 8 * 1024);
  }

  @Test
  void cancelStopsTheTaskAndTheContainerReportsCancelled() throws Exception {
    Path marker = work.resolve("wait.marker");
    JobClient<Wait, Void> client = JobClient.of(AwsTestJobs.AWS_WAIT, engine);
    JobRun<Void> run = client.run(new Wait(marker.toString()));
    waitFor(() -> Files.exists(marker), "the job to start: " + path.taskLogText());
    assertEquals(RunStatus.RUNNING, client.get(run.id()).status());

    client.cancel(run.id());
    assertTrue(
        path.aws.requests("ecs").stream()
            .anyMatch(
                r ->
                    "AmazonEC2ContainerServiceV20141113.StopTask"
                        .equals(r.header("x-amz-target"))));
    JobRun<Void> cancelled = client.get(run.id()).await(AWAIT);
    assertEquals(RunStatus.CANCELLED, cancelled.status(), path.taskLogText());

    EmulatedTask task = path.aws.ecs().tasks().values().iterator().next();
    assertTrue(task.process().waitFor(30, TimeUnit.SECONDS));
    assertEquals(
        3,
        task.process().exitValue(),
        "the bootstrap's CANCELLED exit code after SIGTERM: " + path.taskLogText());
    byte[] outcome = path.object("overtime/runs/" + run.id() + "/attempt-1/outcome.json");
    assertEquals(
        "CANCELLED",
        JsonCodec.shared().readTree(outcome).path("status").asText(),
        "the container itself wrote the outcome");
  }

  @Test
  void progressTheContainerReportsReachesGetThroughItsS3Object() throws Exception {
    Path marker = work.resolve("progress.marker");
    JobClient<Wait, Void> client = JobClient.of(AwsTestJobs.AWS_WAIT, engine);
    JobRun<Void> run = client.run(new Wait(marker.toString()));
    assertTrue(run.progress().isEmpty(), "a queued run has reported nothing");
    waitFor(() -> Files.exists(marker), "the job to start: " + path.taskLogText());

    waitFor(
        () -> client.get(run.id()).progress().isPresent(),
        "the progress in the get answer: " + path.taskLogText());
    var progress = client.get(run.id()).progress().orElseThrow();
    assertEquals(0.5, progress.fraction());
    assertEquals("waiting to be cancelled", progress.message());
    JsonNode object =
        JsonCodec.shared()
            .readTree(path.object("overtime/runs/" + run.id() + "/attempt-1/progress.json"));
    assertEquals(0.5, object.path("fraction").asDouble(), "the container wrote it to S3");

    client.cancel(run.id());
    JobRun<Void> cancelled = client.get(run.id()).await(AWAIT);
    assertEquals(RunStatus.CANCELLED, cancelled.status());
    assertEquals(progress, client.get(run.id()).progress().orElseThrow(), "kept after the end");
  }

  @Test
  void throttlingIsRetriedByTheSdkAndReportedClearlyWhenRetriesRunOut() {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    path.aws.failNext(new InjectedFault("lambda", 429, "TooManyRequestsException"), 2);
    JobRun<TextStats> run = client.run(new Text("after throttling"));
    assertEquals(
        3, path.aws.requests("lambda").size(), "two throttled attempts, then the one that worked");
    assertEquals(1, path.aws.ecs().tasks().size());
    assertEquals(16, run.await(AWAIT).result().length());

    path.aws.failNext(new InjectedFault("lambda", 429, "TooManyRequestsException"), 20);
    EngineUnavailableException e =
        assertThrows(EngineUnavailableException.class, () -> client.run(new Text("x")));
    assertTrue(
        e.getMessage().contains("Lambda throttled the invoker function 'overtime-invoker'"),
        e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*\\d+ attempts.*"), e.getMessage());
    assertEquals(1, path.aws.ecs().tasks().size(), "nothing more started");
  }

  @Test
  void serverErrorsAreRetriedByTheSdkAndReportedClearlyWhenRetriesRunOut() {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    path.aws.failNext(new InjectedFault("lambda", 500, "ServiceException"), 1);
    client.run(new Text("after a 500"));
    assertEquals(2, path.aws.requests("lambda").size());

    path.aws.failNext(new InjectedFault("lambda", 500, "ServiceException"), 20);
    EngineUnavailableException e =
        assertThrows(EngineUnavailableException.class, () -> client.run(new Text("x")));
    assertTrue(e.getMessage().contains("500 ServiceException"), e.getMessage());
    assertTrue(e.getMessage().contains("retry later"), e.getMessage());
  }

  @Test
  void invokeThatTimesOutSaysSoAndHowToRetrySafely() {
    CountDownLatch release = new CountDownLatch(1);
    path.aws
        .lambda()
        .register(
            AwsPath.FUNCTION,
            (in, out, context) -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try (AwsEngine impatient =
        AwsEngine.builder()
            .lambda(
                LambdaClient.builder()
                    .endpointOverride(path.aws.endpoint())
                    .region(Region.of(AwsEmulator.REGION))
                    .credentialsProvider(AwsEmulator.credentials())
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMillis(500)))
                    .build())
            .s3(path.s3.client())
            .invokerFunction(AwsPath.FUNCTION)
            .bucket(AwsPath.BUCKET)
            .build()) {
      EngineUnavailableException e =
          assertThrows(
              EngineUnavailableException.class,
              () -> JobClient.of(AwsTestJobs.AWS_MEASURE, impatient).run(new Text("x")));
      assertTrue(
          e.getMessage()
              .contains("The invocation of 'overtime-invoker' for job 'aws-measure' timed out"),
          e.getMessage());
      assertTrue(e.getMessage().contains("retry with the same idempotency key"), e.getMessage());
    } finally {
      release.countDown();
    }
  }

  @Test
  void accessDeniedNamesThePermissionAndThePolicyToAttach() {
    path.aws.failNext(new InjectedFault("lambda", 403, "AccessDeniedException"), 1);
    EngineUnavailableException e =
        assertThrows(
            EngineUnavailableException.class,
            () -> JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text("x")));
    assertTrue(
        e.getMessage().contains("Access denied invoking 'overtime-invoker'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("lambda:InvokeFunction") && e.getMessage().contains("ClientPolicy"),
        e.getMessage());
    assertTrue(path.aws.ecs().tasks().isEmpty());
  }

  @Test
  void ecsThrottlingInsideTheInvokerIsRetriedByItsSdk() {
    path.aws.failNext(new InjectedFault("ecs", 400, "ThrottlingException"), 1);
    JobRun<TextStats> run = JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text("ecs"));
    assertEquals(3, run.await(AWAIT).result().length());
    assertEquals(1, path.aws.ecs().tasks().size());
  }

  @Test
  void payloadAboveTheMaximumIsRefusedBeforeAnythingStarts() {
    String text = "y".repeat(64 * 1024 * 1024);
    OvertimeException e =
        assertThrows(
            OvertimeException.class,
            () -> JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text(text)));
    assertTrue(
        e.getMessage().contains("at most 67108864 bytes (64 MiB). Nothing was started."),
        e.getMessage());
    assertTrue(path.aws.requests("lambda").isEmpty());
    assertTrue(path.aws.requests("s3").isEmpty(), "S3 is s3proxy, and was not called either");
  }

  @Test
  void unknownRunIdIsAnUnknownRun() {
    assertThrows(
        UnknownRunException.class,
        () -> JobClient.of(AwsTestJobs.AWS_MEASURE, engine).get("01JAAAAAAAAAAAAAAAAAAAAAAA"));
  }

  @Test
  void invokerCrashIsReportedWithTheFunctionsLogGroup() {
    path.aws
        .lambda()
        .register(
            AwsPath.FUNCTION,
            (in, out, context) -> {
              throw new IllegalStateException("boom");
            });
    OvertimeException e =
        assertThrows(
            OvertimeException.class,
            () -> JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text("x")));
    assertTrue(e.getMessage().contains("failed (Unhandled)"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.IllegalStateException: boom"), e.getMessage());
    assertTrue(e.getMessage().contains("/aws/lambda/overtime-invoker"), e.getMessage());
  }

  @Test
  void sameIdempotencyKeyGivesOneRun() {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    var options = dev.overtime.runtime.RunOptions.builder().idempotencyKey("invoice-7").build();
    JobRun<TextStats> first = client.run(new Text("once"), options);
    JobRun<TextStats> second = client.run(new Text("once"), options);
    assertEquals(first.id(), second.id());
    assertEquals(
        List.of(first.id()),
        path.aws.ecs().tasks().values().stream()
            .map(t -> t.environment().get("OVERTIME_RUN_ID"))
            .toList());
    assertFalse(second.await(AWAIT).result() == null);
  }

  @Test
  void aSubmitRunTwiceByLambdaWithoutAKeyStartsOneRun() throws Exception {
    // Lambda may run one invocation twice, and the SDK retries one whose answer it did not get:
    // every submit carries an idempotency key, generated when the caller gave none.
    path.aws.lambda().duplicateNextInvocations(1);
    JobRun<TextStats> run = JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text("twice"));
    assertEquals(
        List.of(run.id()),
        path.aws.ecs().tasks().values().stream()
            .map(t -> t.environment().get("OVERTIME_RUN_ID"))
            .toList(),
        "one task for one submit");
    JsonNode request = JsonCodec.shared().readTree(path.aws.requests("lambda").get(0).body());
    assertTrue(request.path("idempotencyKey").isTextual(), request.toString());
    assertEquals(5, run.await(AWAIT).result().length());
  }

  @Test
  void aTaskThatStopsIsRetriedAndTheRunSettlesWithNobodyReadingIt() throws Exception {
    // Events duplicated and out of order, as EventBridge may deliver them.
    path.aws.events().delivery(2, Duration.ofMillis(200));
    JobRun<TextStats> run = JobClient.of(AwsTestJobs.AWS_FAIL_ONCE, engine).run(new Text("unread"));
    String record = "overtime/runs/" + run.id() + "/run.json";
    waitFor(
        () -> {
          try {
            JsonNode stored = JsonCodec.shared().readTree(path.object(record));
            return "SUCCEEDED".equals(stored.path("settledStatus").asText());
          } catch (Exception e) {
            return false;
          }
        },
        Duration.ofMinutes(2),
        "the run to settle with nobody reading it; tasks:\n" + path.taskLogText());
    assertEquals(2, path.aws.ecs().tasks().size(), "attempt 1 and its retry");
    assertFalse(path.aws.scheduler().fired().isEmpty(), "the retry was resumed by a schedule");
    assertTrue(
        path.aws.requests("lambda").size() == 1,
        "the client invoked once (run); events and schedules did the rest");
    TextStats result = run.await(AWAIT).result();
    assertEquals(2, result.attempt());
    assertEquals(6, result.length());
  }

  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    waitFor(condition, AWAIT, what);
  }

  private static void waitFor(BooleanSupplier condition, Duration patience, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
