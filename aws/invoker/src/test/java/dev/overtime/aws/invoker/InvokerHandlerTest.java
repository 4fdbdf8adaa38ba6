package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.invoker.emulator.RecordedRequest;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ProgressDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.internal.JsonCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvokerHandlerTest {
  private InvokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\"echo\":{\"timeoutSeconds\":600,\"retries\":0},"
                + "\"flaky\":{\"timeoutSeconds\":600,\"retries\":1}}");
    // Each task is a process that waits to be stopped; SIGTERM ends it.
    fixture.aws.ecs().launcher((taskDefinition, env) -> new ProcessBuilder("sleep", "300").start());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void badRequestAnswersAClearErrorAndStartsNothing() throws Exception {
    JsonNode missingJob = fixture.invoke("{\"action\":\"run\",\"payload\":{}}");
    assertEquals("overtime.bad-request", missingJob.path("error").path("code").asText());
    assertTrue(
        missingJob.path("error").path("message").asText().contains("field 'job' is missing"),
        missingJob.toString());

    JsonNode unknownAction = fixture.invoke("{\"action\":\"start\",\"job\":\"echo\"}");
    assertTrue(
        unknownAction
            .path("error")
            .path("message")
            .asText()
            .contains("use one of run, get, cancel"));

    JsonNode notJson = fixture.invoke("{\"action\":");
    assertEquals("overtime.bad-request", notJson.path("error").path("code").asText());

    JsonNode foreignPayload =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payloadUri\":\"s3://someone-else/secret.json\"}");
    assertTrue(
        foreignPayload
            .path("error")
            .path("message")
            .asText()
            .contains(
                "must name an object under s3://" + InvokerFixture.BUCKET + "/overtime/payloads/"),
        foreignPayload.toString());

    JsonNode tooLong =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"timeoutSeconds\":601}");
    assertTrue(
        tooLong.path("error").path("message").asText().contains("declares at most 600 seconds"));

    JsonNode unknownJob = fixture.invoke("{\"action\":\"run\",\"job\":\"nope\",\"payload\":{}}");
    assertEquals("overtime.unknown-job", unknownJob.path("error").path("code").asText());
    assertTrue(unknownJob.path("error").path("message").asText().contains("[echo, flaky]"));

    assertTrue(fixture.aws.requests("ecs").isEmpty(), "no ECS call for a bad request");
    assertTrue(fixture.aws.requests("s3").isEmpty(), "no S3 call for a bad request");
  }

  @Test
  void runStartsAFargateTaskWithTheRunContractInTheOverrides() throws Exception {
    JsonNode answer =
        fixture.invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{\"text\":\"hi\"}}");
    JsonNode run = answer.path("run");
    assertEquals("QUEUED", run.path("status").asText(), answer.toString());
    String runId = run.path("runId").asText();
    assertEquals(26, runId.length());

    RecordedRequest runTask = fixture.aws.requests("ecs").get(0);
    assertEquals("AmazonEC2ContainerServiceV20141113.RunTask", runTask.header("x-amz-target"));
    assertEquals("application/x-amz-json-1.1", runTask.header("content-type"));
    JsonNode body = JsonCodec.shared().readTree(runTask.body());
    assertEquals("stack-echo", body.path("taskDefinition").asText());
    assertEquals("overtime-test", body.path("cluster").asText());
    assertEquals("FARGATE", body.path("launchType").asText());
    assertEquals(runId + "-1", body.path("clientToken").asText());
    assertEquals(
        "[\"subnet-aaa\",\"subnet-bbb\"]",
        body.path("networkConfiguration").path("awsvpcConfiguration").path("subnets").toString());
    JsonNode override = body.path("overrides").path("containerOverrides").get(0);
    assertEquals("job", override.path("name").asText());
    Map<String, String> env = new HashMap<>();
    override
        .path("environment")
        .forEach(pair -> env.put(pair.path("name").asText(), pair.path("value").asText()));
    assertEquals("echo", env.get("OVERTIME_JOB"));
    assertEquals(runId, env.get("OVERTIME_RUN_ID"));
    assertEquals("1", env.get("OVERTIME_ATTEMPT"));
    assertEquals("{\"text\":\"hi\"}", env.get("OVERTIME_PAYLOAD"));
    assertEquals(
        "s3://" + InvokerFixture.BUCKET + "/overtime/runs/" + runId + "/attempt-1/outcome.json",
        env.get("OVERTIME_RESULT_URI"));
    assertTrue(env.containsKey("OVERTIME_DEADLINE"));

    // RunTask's results are eventually consistent: QUEUED (not visible, PROVISIONING, PENDING),
    // then RUNNING.
    assertEquals("RUNNING", awaitStatus(runId, "RUNNING").path("status").asText());
  }

  @Test
  void payloadTooLargeForTheOverridesGoesThroughS3AndOverridesStayUnder8KiB() throws Exception {
    String text = "\"quoted\" ".repeat(700); // 6.3 KB of JSON that escapes to more
    JsonNode answer =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{\"text\":"
                + JsonCodec.shared().encode(text)
                + "}}");
    String runId = answer.path("run").path("runId").asText();
    RecordedRequest runTask = fixture.aws.requests("ecs").get(0);
    JsonNode overrides = JsonCodec.shared().readTree(runTask.body()).path("overrides");
    assertTrue(
        overrides.toString().getBytes(StandardCharsets.UTF_8).length < 8 * 1024,
        "overrides under 8 KiB");
    String payloadUri =
        "s3://" + InvokerFixture.BUCKET + "/overtime/runs/" + runId + "/payload.json";
    assertTrue(
        overrides.toString().contains("\"OVERTIME_PAYLOAD_URI\",\"value\":\"" + payloadUri + "\""),
        overrides.toString());
    assertFalse(overrides.toString().contains("\"OVERTIME_PAYLOAD\""));
    byte[] stored =
        fixture
            .aws
            .s3()
            .object(InvokerFixture.BUCKET, "overtime/runs/" + runId + "/payload.json")
            .orElseThrow();
    assertEquals(text, JsonCodec.shared().readTree(stored).path("text").asText());
  }

  @Test
  void sameIdempotencyKeyAnswersTheSameRunAndStartsOneTask() throws Exception {
    String request =
        "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"idempotencyKey\":\"order-42\"}";
    String first = fixture.invoke(request).path("run").path("runId").asText();
    String second = fixture.invoke(request).path("run").path("runId").asText();
    assertEquals(first, second);
    assertEquals(1, fixture.aws.ecs().tasks().size());
    String other =
        fixture.invoke(request.replace("order-42", "order-43")).path("run").path("runId").asText();
    assertNotEquals(first, other);
  }

  @Test
  void cancelStopsTheTaskWithSigtermAndTheRunEndsCancelled() throws Exception {
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    EmulatedTask task = fixture.aws.ecs().tasks().values().iterator().next();
    awaitStatus(runId, "RUNNING");
    fixture.invoke("{\"action\":\"cancel\",\"job\":\"echo\",\"runId\":\"" + runId + "\"}");
    assertTrue(
        fixture.aws.requests("ecs").stream()
            .anyMatch(
                r ->
                    "AmazonEC2ContainerServiceV20141113.StopTask"
                        .equals(r.header("x-amz-target"))));
    assertTrue(task.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(143, task.process().exitValue(), "sleep ended by SIGTERM");
    JsonNode run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals("CANCELLED", run.path("status").asText(), run.toString());
  }

  @Test
  void outcomeDocumentInS3DecidesTheStatusAndResult() throws Exception {
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    fixture
        .aws
        .s3()
        .put(
            InvokerFixture.BUCKET,
            "overtime/runs/" + runId + "/attempt-1/outcome.json",
            ("{\"runId\":\""
                    + runId
                    + "\",\"job\":\"echo\",\"attempt\":1,\"status\":\"SUCCEEDED\",\"result\":[1,2],"
                    + "\"error\":null,\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    JsonNode run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals("SUCCEEDED", run.path("status").asText());
    assertEquals("[1,2]", run.path("result").toString());
    assertEquals("2026-11-27T07:00:00Z", run.path("finishedAt").asText());
  }

  @Test
  void getAnswersWithTheProgressTheTaskKeepsNextToTheAttemptsOtherObjects() throws Exception {
    String[] progressUri = new String[1];
    fixture
        .aws
        .ecs()
        .launcher(
            (taskDefinition, env) -> {
              progressUri[0] = env.get(RunContract.PROGRESS_URI);
              S3Location progress = S3Location.of(URI.create(progressUri[0]));
              fixture
                  .aws
                  .s3()
                  .put(
                      progress.bucket(),
                      progress.key(),
                      ProgressDocument.write(
                          new ProgressDocument.Report(
                              env.get(RunContract.RUN_ID),
                              Integer.parseInt(env.get(RunContract.ATTEMPT)),
                              0.25,
                              "a quarter",
                              Instant.parse("2026-11-27T07:00:05Z"))));
              return new ProcessBuilder("sleep", "300").start();
            });
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    JsonNode run = awaitStatus(runId, "RUNNING");
    assertEquals(
        "s3://" + InvokerFixture.BUCKET + "/overtime/runs/" + runId + "/attempt-1/progress.json",
        progressUri[0]);
    run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals(0.25, run.path("progress").path("fraction").asDouble(), run.toString());
    assertEquals("a quarter", run.path("progress").path("message").asText());
    assertEquals("2026-11-27T07:00:05Z", run.path("progress").path("reportedAt").asText());

    // A broken object (a foreign writer, a bug) is no progress, not a failed get.
    fixture
        .aws
        .s3()
        .put(
            InvokerFixture.BUCKET,
            "overtime/runs/" + runId + "/attempt-1/progress.json",
            "{\"runId\":".getBytes(StandardCharsets.UTF_8));
    run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals("RUNNING", run.path("status").asText(), run.toString());
    assertTrue(run.path("progress").isNull(), run.toString());
  }

  @Test
  void taskThatDiesAfterItsHandlerBeganFailsNamingTheExitCodeAndStaysFailedAfterEcsForgetsIt()
      throws Exception {
    // The container records that the handler began, as the bootstrap does, then dies without an
    // outcome.
    fixture
        .aws
        .ecs()
        .launcher(
            (taskDefinition, env) -> {
              S3Location began = S3Location.of(URI.create(env.get(RunContract.BEGAN_URI)));
              fixture
                  .aws
                  .s3()
                  .put(
                      began.bucket(),
                      began.key(),
                      BeganDocument.write(
                          env.get(RunContract.RUN_ID),
                          Integer.parseInt(env.get(RunContract.ATTEMPT)),
                          Instant.now()));
              return new ProcessBuilder("sh", "-c", "exit 137").start();
            });
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    EmulatedTask task = fixture.aws.ecs().tasks().values().iterator().next();
    waitFor(() -> !task.process().isAlive());
    JsonNode run = awaitStatus(runId, "FAILED");
    // Behaviour change (one lifecycle): exit 137 without an outcome is FAILED process-exited, as
    // locally, not LOST.
    assertEquals("FAILED", run.path("status").asText(), run.toString());
    assertEquals(
        ErrorCode.PROCESS_EXITED.id(), run.path("error").path("type").asText(), run.toString());
    assertTrue(
        run.path("error").path("message").asText().contains("exited with code 137"),
        run.toString());
    task.forget();
    assertEquals(
        "FAILED",
        fixture
            .invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}")
            .path("run")
            .path("status")
            .asText());
  }

  @Test
  void taskThatExitsBeforeItsHandlerBeganIsStartedAgainUpToTheStartLimitThenFailsCouldNotStart()
      throws Exception {
    fixture
        .aws
        .ecs()
        .launcher((taskDefinition, env) -> new ProcessBuilder("sh", "-c", "exit 1").start());
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    JsonNode[] last = new JsonNode[1];
    waitFor(
        () -> {
          try {
            last[0] =
                fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return "FAILED".equals(last[0].path("status").asText());
        });
    JsonNode run = last[0];
    assertEquals(
        ErrorCode.START_FAILED.id(), run.path("error").path("type").asText(), run.toString());
    assertTrue(
        run.path("error").path("message").asText().contains("Could not start attempt 1"),
        run.toString());
    assertEquals(
        1,
        run.path("attempt").asInt(),
        "starts that never reached the handler use none of the retries");
    assertEquals(AttemptLifecycle.START_LIMIT, fixture.aws.ecs().tasks().size());
    assertTrue(
        fixture.aws.ecs().tasks().values().stream()
            .allMatch(t -> "1".equals(t.environment().get(RunContract.ATTEMPT))));
  }

  @Test
  void retryableFailureOfAJobWithRetriesStartsTheNextAttempt() throws Exception {
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    fixture
        .aws
        .s3()
        .put(
            InvokerFixture.BUCKET,
            "overtime/runs/" + runId + "/attempt-1/outcome.json",
            ("{\"runId\":\""
                    + runId
                    + "\",\"job\":\"flaky\",\"attempt\":1,\"status\":\"FAILED\",\"result\":null,"
                    + "\"error\":{\"type\":\"java.io.IOException\",\"message\":\"network\"},\"retryable\":true,"
                    + "\"finishedAt\":\"2026-11-27T07:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    JsonNode run = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals(2, run.path("attempt").asInt(), run.toString());
    waitFor(() -> fixture.aws.ecs().tasks().size() == 2); // after the retry's backoff
    assertTrue(
        fixture.aws.ecs().tasks().values().stream()
            .anyMatch(t -> "2".equals(t.environment().get("OVERTIME_ATTEMPT"))));
  }

  @Test
  void aTaskNotYetVisibleAfterRunTaskIsQueuedNotLost() throws Exception {
    // RunTask's results are eventually consistent: DescribeTasks answers MISSING for a while.
    fixture.aws.ecs().visibilityDelay(Duration.ofSeconds(2));
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    JsonNode early = fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    assertEquals("QUEUED", early.path("status").asText(), early.toString());
    assertEquals(1, early.path("attempt").asInt(), "not retried as vanished");
    assertEquals(1, fixture.aws.ecs().tasks().size(), "not started again");
    assertEquals("RUNNING", awaitStatus(runId, "RUNNING").path("status").asText());
    assertEquals(1, fixture.aws.ecs().tasks().size());
  }

  @Test
  void aTaskThatFailsToStartWithoutExitCodeIsStartedAgainUpToTheLimit() throws Exception {
    fixture
        .aws
        .ecs()
        .launcher(
            (taskDefinition, env) -> {
              throw new java.io.IOException("CannotPullContainerError: image not found");
            });
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    JsonNode run = awaitStatus(runId, "FAILED");
    assertEquals(ErrorCode.START_FAILED.id(), run.path("error").path("type").asText());
    assertTrue(
        run.path("error").path("message").asText().contains("TaskFailedToStart"), run.toString());
    assertEquals(AttemptLifecycle.START_LIMIT, fixture.aws.ecs().tasks().size());
    assertEquals(
        AttemptLifecycle.START_LIMIT,
        fixture.aws.requests("ecs").stream()
            .filter(r -> r.header("x-amz-target").endsWith(".RunTask"))
            .map(
                r ->
                    new String(r.body(), StandardCharsets.UTF_8)
                        .replaceAll(".*\"clientToken\":\"([^\"]+)\".*", "$1"))
            .distinct()
            .count(),
        "each start has its own client token");
  }

  @Test
  void aJobOnFargateSpotStartsWithItsCapacityProviderAndEveryTaskIsTaggedWithItsRun()
      throws Exception {
    try (InvokerFixture spot =
        new InvokerFixture(
            "{\"cheap\":{\"timeoutSeconds\":60,\"retries\":0,\"capacityProvider\":\"FARGATE_SPOT\"}}")) {
      spot.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
      String runId =
          spot.invoke("{\"action\":\"run\",\"job\":\"cheap\",\"payload\":{}}")
              .path("run")
              .path("runId")
              .asText();
      JsonNode body = JsonCodec.shared().readTree(spot.aws.requests("ecs").get(0).body());
      assertTrue(body.path("launchType").isMissingNode(), body.toString());
      assertEquals(
          "FARGATE_SPOT",
          body.path("capacityProviderStrategy").get(0).path("capacityProvider").asText());
      assertEquals("TASK_DEFINITION", body.path("propagateTags").asText());
      assertEquals(
          "[{\"key\":\"overtime:run-id\",\"value\":\""
              + runId
              + "\"},"
              + "{\"key\":\"overtime:attempt\",\"value\":\"1\"}]",
          body.path("tags").toString());
    }
  }

  @Test
  void unknownRunIdIsAnUnknownRunError() throws Exception {
    JsonNode answer =
        fixture.invoke("{\"action\":\"get\",\"runId\":\"01JAAAAAAAAAAAAAAAAAAAAAAA\"}");
    assertEquals(
        "overtime.unknown-run", answer.path("error").path("code").asText(), answer.toString());
  }

  /** Reads the run until it has {@code status}; the last answer. */
  private JsonNode awaitStatus(String runId, String status) throws InterruptedException {
    JsonNode[] last = new JsonNode[1];
    waitFor(
        () -> {
          try {
            last[0] =
                fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return status.equals(last[0].path("status").asText());
        },
        () -> "run " + runId + " to be " + status + "; last answer " + last[0]);
    return last[0];
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    waitFor(condition, () -> "the condition");
  }

  // 30 s: on a loaded 2-core machine one emulated task's start and stop, plus the reads, took over
  // 10 s (a CI run failed here with the run still not FAILED after 10 s, while other tests ran).
  private static void waitFor(BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 30 s waiting for " + what.get());
      }
      // Each look may be a get, which reads and may save the run: a tight loop of them competes
      // with the stop event's settlement for the record's compare-and-swap.
      Thread.sleep(50);
    }
  }
}
