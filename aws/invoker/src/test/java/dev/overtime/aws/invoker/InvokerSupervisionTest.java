package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.AttemptError;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.Ending;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.RunStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs nobody reads: the stopped task's event, the resume schedule after a retry's backoff and the
 * sweep settle and retry them, whatever the order and number of deliveries.
 */
class InvokerSupervisionTest {
  private InvokerFixture fixture;
  private RunStore store;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\"echo\":{\"timeoutSeconds\":600,\"retries\":0},"
                + "\"flaky\":{\"timeoutSeconds\":600,\"retries\":2}}");
    store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aStoppedTaskNobodyReadsIsRetriedAfterItsBackoffAndTheRunSettles() throws Exception {
    // Every event three times, each copy up to 300 ms late: duplicated and out of order.
    fixture.aws.events().delivery(3, Duration.ofMillis(300));
    fixture.aws.ecs().launcher(this::failsOnceThenSucceeds);
    String runId = run("flaky");

    waitFor(() -> settled(runId) == RunStatus.SUCCEEDED);

    assertEquals(2, fixture.aws.ecs().tasks().size(), "attempt 1, then one attempt 2");
    assertEquals(2, store.load(runId).orElseThrow().attempt());
    assertFalse(fixture.aws.scheduler().fired().isEmpty(), "attempt 2 was resumed by a schedule");
    assertTrue(
        fixture.aws.scheduler().schedules().isEmpty(), "ActionAfterCompletion DELETE removed it");
    assertTrue(
        fixture.aws.s3().object(InvokerFixture.BUCKET, "overtime/runs/_active/" + runId).isEmpty(),
        "a settled run leaves the sweep's list");

    // Every event once more, late and in reverse order: nothing changes.
    List<byte[]> events = new ArrayList<>(fixture.aws.events().delivered());
    Collections.reverse(events);
    for (byte[] event : events) {
      fixture.invoke(new String(event, StandardCharsets.UTF_8));
    }
    JsonNode run = fixture.invoke(get(runId)).path("run");
    assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
    assertEquals("2", run.path("result").asText(), "the result of attempt 2");
    assertEquals(2, fixture.aws.ecs().tasks().size());
  }

  @Test
  void aLateEventAfterEcsForgotTheTaskIsDecidedFromTheEventsExitCode() throws Exception {
    fixture.aws.events().ruleTarget(null); // the event is delivered by hand, late
    fixture.aws.ecs().launcher((definition, env) -> beganThenExits(env, 137));
    String runId = run("echo");
    EmulatedTask task = fixture.aws.ecs().tasks().values().iterator().next();
    waitFor(task::stopped);
    String event = task.event().toString();
    task.forget(); // ECS forgets stopped tasks after about an hour

    fixture.invoke(event);

    JsonNode run = fixture.invoke(get(runId)).path("run");
    assertEquals("FAILED", run.path("status").asText(), run.toString());
    assertEquals(ErrorCode.PROCESS_EXITED.id(), run.path("error").path("type").asText());
    assertTrue(run.path("error").path("message").asText().contains("137"), run.toString());
  }

  @Test
  void theSweepDecidesARunWhoseTaskVanishedWithoutAnEvent() throws Exception {
    fixture.aws.events().ruleTarget(null); // no event ever comes
    fixture.aws.ecs().launcher((definition, env) -> beganThenExits(env, -1));
    String runId = run("echo");
    EmulatedTask task = fixture.aws.ecs().tasks().values().iterator().next();
    waitFor(() -> "RUNNING".equals(status(runId)));
    task.forget();

    JsonNode swept = fixture.invoke("{\"action\":\"sweep\"}");

    assertEquals(1, swept.path("looked-at").asInt(), swept.toString());
    assertEquals(RunStatus.LOST, settled(runId));
    assertTrue(
        fixture.aws.s3().object(InvokerFixture.BUCKET, "overtime/runs/_active/" + runId).isEmpty());
    assertEquals(0, fixture.invoke("{\"action\":\"sweep\"}").path("looked-at").asInt());
  }

  @Test
  void aResumeForAnAttemptThatMovedOnStartsNothing() throws Exception {
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
    String runId = run("flaky");
    fixture.invoke("{\"action\":\"resume\",\"runId\":\"" + runId + "\",\"attempt\":1}");
    fixture.invoke("{\"action\":\"resume\",\"runId\":\"" + runId + "\",\"attempt\":1}");
    assertEquals(1, fixture.aws.ecs().tasks().size());
    JsonNode unknown =
        fixture.invoke(
            "{\"action\":\"resume\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\",\"attempt\":1}");
    assertTrue(unknown.path("ignored").asText().contains("no run"), unknown.toString());
  }

  @Test
  void sweepsTakeTurnsOverMoreActiveRunsThanOneSweepLooksAt() throws Exception {
    fixture.aws.events().ruleTarget(null);
    int count = Invoker.SWEEP_LIMIT + 5;
    Instant launched = Instant.now().minus(Duration.ofMinutes(10));
    dev.overtime.contract.RunIds ids = new dev.overtime.contract.RunIds();
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Each run's task was started 10 minutes ago, its handler began, and ECS forgot it.
      String runId = ids.next(launched.plusMillis(i));
      StoredRun run =
          StoredRun.created(runId, "echo", launched.plusMillis(i), 600, "{}", null, null)
              .withTask("arn:aws:ecs:us-east-1:000000000000:task/overtime-test/gone" + i, launched);
      store.markActive(runId);
      store.create(run);
      S3Location began = S3Location.of(store.beganUri(runId, 1));
      fixture
          .aws
          .s3()
          .put(began.bucket(), began.key(), BeganDocument.write(runId, 1, launched.plusSeconds(1)));
      runIds.add(runId);
    }

    JsonNode first = fixture.invoke("{\"action\":\"sweep\"}");

    assertEquals(Invoker.SWEEP_LIMIT, first.path("looked-at").asInt(), first.toString());
    for (int i = 0; i < count; i++) {
      assertEquals(
          i < Invoker.SWEEP_LIMIT ? RunStatus.LOST : null,
          settled(runIds.get(i)),
          "run " + i + ": the first sweep looks at the oldest " + Invoker.SWEEP_LIMIT);
    }

    JsonNode second = fixture.invoke("{\"action\":\"sweep\"}");

    assertEquals(5, second.path("looked-at").asInt(), "the cursor kept its place: " + second);
    for (String runId : runIds) {
      assertEquals(RunStatus.LOST, settled(runId), runId);
    }
    assertEquals(0, fixture.invoke("{\"action\":\"sweep\"}").path("looked-at").asInt());
  }

  private Process failsOnceThenSucceeds(String definition, Map<String, String> env)
      throws java.io.IOException {
    String runId = env.get(RunContract.RUN_ID);
    int attempt = Integer.parseInt(env.get(RunContract.ATTEMPT));
    began(env);
    RunOutcome outcome =
        attempt == 1
            ? new RunOutcome(
                runId,
                "flaky",
                1,
                Ending.FAILED,
                null,
                new AttemptError("java.io.IOException", "network"),
                true,
                Instant.now())
            : new RunOutcome(
                runId, "flaky", attempt, Ending.SUCCEEDED, "2", null, false, Instant.now());
    S3Location result = S3Location.of(URI.create(env.get(RunContract.RESULT_URI)));
    fixture.aws.s3().put(result.bucket(), result.key(), OutcomeDocument.write(outcome));
    return new ProcessBuilder("sh", "-c", "exit " + (attempt == 1 ? 1 : 0)).start();
  }

  /** A container whose handler began and that exits with {@code code} (-1: runs until stopped). */
  private Process beganThenExits(Map<String, String> env, int code) throws java.io.IOException {
    began(env);
    return code < 0
        ? new ProcessBuilder("sleep", "300").start()
        : new ProcessBuilder("sh", "-c", "exit " + code).start();
  }

  private void began(Map<String, String> env) {
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
  }

  private String run(String job) throws Exception {
    return fixture
        .invoke("{\"action\":\"run\",\"job\":\"" + job + "\",\"payload\":{}}")
        .path("run")
        .path("runId")
        .asText();
  }

  /** The status settled in the run's record, read from the bucket, not through a get. */
  private RunStatus settled(String runId) {
    return store.load(runId).map(StoredRun::settledStatus).orElse(null);
  }

  private String status(String runId) {
    try {
      return fixture.invoke(get(runId)).path("run").path("status").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String get(String runId) {
    return "{\"action\":\"get\",\"runId\":\"" + runId + "\"}";
  }
}
