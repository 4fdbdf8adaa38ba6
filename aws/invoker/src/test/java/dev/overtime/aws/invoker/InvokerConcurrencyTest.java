package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.RunStore.ConcurrentRunChange;
import dev.overtime.aws.invoker.RunStore.Versioned;
import dev.overtime.aws.invoker.emulator.InjectedFault;
import dev.overtime.runtime.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs changed by more than one invocation at once, and starts replayed after a failure: what the
 * run record's compare-and-swap and the fixed start parameters are for.
 */
class InvokerConcurrencyTest {
  private InvokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\"echo\":{\"timeoutSeconds\":600,\"retries\":0},"
                + "\"flaky\":{\"timeoutSeconds\":600,\"retries\":3}}");
    fixture.aws.ecs().launcher((taskDefinition, env) -> new ProcessBuilder("sleep", "300").start());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aRecordUpdatedSinceItWasReadIsNotOverwritten() {
    RunStore store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    StoredRun run =
        StoredRun.created(
            "01KB3Q8M1T6Z0V4W8Y2C7N5R9D", "echo", Instant.now(), 600, "{}", null, null);
    Versioned created = store.create(run);
    assertThrows(ConcurrentRunChange.class, () -> store.create(run), "If-None-Match: *");

    Versioned cancelled = store.update(created, run.withCancelRequestedAt(Instant.now()));
    assertNotEquals(created.etag(), cancelled.etag());
    // A decision made on the record as first read must not overwrite the cancel.
    assertThrows(
        ConcurrentRunChange.class,
        () -> store.update(created, run.nextAttempt(Instant.now())),
        "If-Match with the stale ETag");
    assertTrue(store.load(run.runId()).orElseThrow().cancelRequestedAt() != null);
  }

  @Test
  void aConditionalRequestConflictIsRetriedNotTakenForALostRace() {
    RunStore store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    StoredRun run =
        StoredRun.created(
            "01KB3Q8M1T6Z0V4W8Y2C7N5R9E", "echo", Instant.now(), 600, "{}", null, null);
    Versioned created = store.create(run);
    // S3 answers 409 while another conditional write of the key is in flight.
    fixture.aws.failNext(new InjectedFault("s3", 409, "ConditionalRequestConflict"), 2);
    Versioned updated = store.update(created, run.withCancelRequestedAt(Instant.now()));
    assertEquals(updated.etag(), store.loadVersioned(run.runId()).orElseThrow().etag());

    fixture.aws.failNext(new InjectedFault("s3", 409, "ConditionalRequestConflict"), 1);
    assertEquals(
        "01KB3Q8M1T6Z0V4W8Y2C7N5R9F",
        store.claimIdempotencyKey("echo", "k", "01KB3Q8M1T6Z0V4W8Y2C7N5R9F"));
  }

  @Test
  void aStartReplayedAfterAFailedCallSendsIdenticalRunTaskParameters() throws Exception {
    String request =
        "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{},\"idempotencyKey\":\"order-7\"}";
    // The first call records the run, then every RunTask attempt of its SDK fails.
    fixture.aws.failNext(new InjectedFault("ecs", 500, "ServerException"), 20);
    JsonNode failed = fixture.invoke(request);
    assertEquals(
        "overtime.aws-error", failed.path("error").path("code").asText(), failed.toString());
    fixture.aws.clearFaults();
    Thread.sleep(5); // a later call: a deadline computed now would differ

    String runId = fixture.invoke(request).path("run").path("runId").asText();
    String again = fixture.invoke(request).path("run").path("runId").asText();
    assertEquals(runId, again);
    assertEquals(1, fixture.aws.ecs().tasks().size());
    List<String> bodies =
        fixture.aws.requests("ecs").stream()
            .filter(r -> r.header("x-amz-target").endsWith(".RunTask"))
            .map(r -> new String(r.body(), StandardCharsets.UTF_8))
            .distinct()
            .toList();
    assertEquals(1, bodies.size(), "every RunTask of the attempt is the same request: " + bodies);
  }

  @Test
  void concurrentReadsOfARetryableRunStartOneNextAttempt() throws Exception {
    String runId = runFlaky();
    failAttempt(runId, 1);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<JsonNode>> reads =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                            return fixture.invoke(get(runId));
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    go.countDown();
    for (CompletableFuture<JsonNode> read : reads) {
      JsonNode answer = read.get();
      assertTrue(answer.has("run"), "no ConflictException, no error: " + answer);
    }
    waitFor(() -> fixture.aws.ecs().tasks().size() == 2);
    assertEquals(2, fixture.aws.ecs().tasks().size(), "attempt 1 and one attempt 2");
    assertEquals(
        2, fixture.invoke(get(runId)).path("run").path("attempt").asInt(), "one retry, not six");
  }

  @Test
  void aCancelRacingARetryIsNeverLostAndStopsEveryTaskItsRunStarted() throws Exception {
    // Attempt 1's container reports a retryable failure and exits, as the bootstrap does; later
    // attempts run until stopped.
    fixture
        .aws
        .ecs()
        .launcher(
            (taskDefinition, env) -> {
              if ("1".equals(env.get("OVERTIME_ATTEMPT"))) {
                failAttempt(env.get("OVERTIME_RUN_ID"), 1);
                return new ProcessBuilder("sh", "-c", "exit 1").start();
              }
              return new ProcessBuilder("sleep", "300").start();
            });
    for (int round = 0; round < 5; round++) {
      String runId = runFlaky();
      waitFor(
          () ->
              fixture.aws.ecs().tasks().values().stream()
                  .anyMatch(
                      t -> runId.equals(t.environment().get("OVERTIME_RUN_ID")) && t.stopped()));
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<JsonNode> read = CompletableFuture.supplyAsync(() -> call(go, get(runId)));
      CompletableFuture<JsonNode> cancel =
          CompletableFuture.supplyAsync(
              () -> call(go, "{\"action\":\"cancel\",\"runId\":\"" + runId + "\"}"));
      go.countDown();
      assertTrue(read.get().has("run"), read.get().toString());
      assertTrue(cancel.get().has("run"), cancel.get().toString());
      JsonNode[] last = new JsonNode[1];
      waitFor(
          () -> {
            last[0] = call(new CountDownLatch(0), get(runId)).path("run");
            return RunStatus.CANCELLED.name().equals(last[0].path("status").asText());
          });
      // No task of the cancelled run goes on: each was stopped, or ended by itself.
      waitFor(
          () ->
              fixture.aws.ecs().tasks().values().stream()
                  .filter(t -> runId.equals(t.environment().get("OVERTIME_RUN_ID")))
                  .allMatch(t -> t.stopRequested() || t.stopped()));
    }
  }

  private JsonNode call(CountDownLatch go, String request) {
    try {
      go.await();
      return fixture.invoke(request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String runFlaky() throws Exception {
    return fixture
        .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
        .path("run")
        .path("runId")
        .asText();
  }

  /** Writes a retryable FAILED outcome for {@code attempt}, as its container would. */
  private void failAttempt(String runId, int attempt) {
    fixture
        .aws
        .s3()
        .put(
            InvokerFixture.BUCKET,
            "overtime/runs/" + runId + "/attempt-" + attempt + "/outcome.json",
            ("{\"runId\":\""
                    + runId
                    + "\",\"job\":\"flaky\",\"attempt\":"
                    + attempt
                    + ",\"status\":\"FAILED\",\"result\":null,"
                    + "\"error\":{\"type\":\"java.io.IOException\",\"message\":\"network\"},"
                    + "\"retryable\":true,\"finishedAt\":\"2026-11-27T07:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
  }

  private static String get(String runId) {
    return "{\"action\":\"get\",\"runId\":\"" + runId + "\"}";
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
