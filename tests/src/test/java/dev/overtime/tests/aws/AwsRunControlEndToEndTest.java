package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.AwsEmulator;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.aws.jobs.AwsTestJobs;
import dev.overtime.tests.aws.jobs.Text;
import dev.overtime.tests.aws.jobs.TextStats;
import dev.overtime.tests.aws.jobs.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Run control through the application's API on the AWS path (client → Lambda → invoker → ECS → real
 * bootstrap processes → S3): a job's concurrency limit and the runs' priorities, re-runs, and each
 * attempt's start and end.
 */
class AwsRunControlEndToEndTest {
  private static final Duration AWAIT = Duration.ofSeconds(60);

  /** {@code aws-wait} runs one at a time, as {@code @JobHandler(concurrency = 1)} deploys it. */
  private static final String JOBS =
      "{\"aws-measure\":{\"timeoutSeconds\":600,\"retries\":0},"
          + "\"aws-wait\":{\"timeoutSeconds\":600,\"retries\":0,\"concurrency\":1},"
          + "\"aws-fail-once\":{\"timeoutSeconds\":600,\"retries\":1}}";

  @TempDir Path work;
  private AwsPath path;
  private AwsEngine engine;

  @BeforeEach
  void start() throws Exception {
    path = new AwsPath(work, JOBS);
    engine = path.engine();
  }

  @AfterEach
  void stop() {
    engine.close();
    path.close();
  }

  @Test
  void aJobAtItsLimitQueuesTheOthersAndTheHigherPriorityStartsWhenASlotFrees() throws Exception {
    JobClient<Wait, Void> waiting = JobClient.of(AwsTestJobs.AWS_WAIT, engine);
    Path first = work.resolve("first.marker");
    Path low = work.resolve("low.marker");
    Path high = work.resolve("high.marker");
    JobRun<Void> a = waiting.run(new Wait(first.toString()));
    AwsEngineEndToEndTest.waitFor(() -> Files.exists(first), "the first run to start");

    JobRun<Void> b = waiting.run(new Wait(low.toString()));
    JobRun<Void> c =
        waiting.run(new Wait(high.toString()), RunOptions.builder().priority(5).build());

    assertEquals(RunStatus.QUEUED, b.status());
    assertEquals(RunStatus.QUEUED, c.status());
    assertEquals(5, c.details().priority(), "the priority travels and is shown");
    assertEquals(0, b.details().priority());
    assertEquals(5, waiting.get(c.id()).details().priority());
    JsonNode request =
        path.aws.requests("lambda").stream()
            .map(r -> readTree(r.body()))
            .filter(r -> r.path("payload").path("markerFile").asText().equals(high.toString()))
            .findFirst()
            .orElseThrow();
    assertEquals(5, request.path("priority").asInt(), request.toString());
    assertEquals(1, path.aws.ecs().tasks().size(), "one task at a time: " + path.taskLogText());

    waiting.cancel(a.id());
    assertEquals(RunStatus.CANCELLED, waiting.get(a.id()).await(AWAIT).status());

    // The first task's STOPPED event frees its slot: the higher priority starts, the other waits.
    AwsEngineEndToEndTest.waitFor(() -> Files.exists(high), "the priority-5 run to start");
    assertFalse(Files.exists(low), "the priority-0 run still waits");
    assertEquals(RunStatus.QUEUED, waiting.get(b.id()).status());
    assertEquals(2, path.aws.ecs().tasks().size());

    waiting.cancel(c.id());
    AwsEngineEndToEndTest.waitFor(() -> Files.exists(low), "the last run to start");
    waiting.cancel(b.id());
    assertEquals(RunStatus.CANCELLED, waiting.get(b.id()).await(AWAIT).status());
    assertEquals(3, path.aws.ecs().tasks().size());
  }

  @Test
  void aRerunGetsTheOriginalsPayloadWithoutTheClientSendingItAndBothAreLinked() throws Exception {
    JobClient<Text, TextStats> measure = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobRun<TextStats> original = measure.run(new Text("measure me again"));
    assertEquals(RunStatus.SUCCEEDED, original.await(AWAIT).status(), path.taskLogText());

    JobRun<TextStats> again = measure.rerun(original.id());

    assertNotEquals(original.id(), again.id());
    assertEquals(original.id(), again.details().rerunOf().orElseThrow());
    TextStats result = measure.get(again.id()).await(AWAIT).result();
    assertEquals(new TextStats(16, again.id(), 1), result, "the original's payload, its own run");
    assertEquals(List.of(again.id()), engine.rerunsOf(original.id()));
    assertEquals(List.of(), engine.rerunsOf(again.id()));
    assertEquals(original.id(), measure.get(again.id()).details().rerunOf().orElseThrow());
    JsonNode rerun =
        path.aws.requests("lambda").stream()
            .map(r -> readTree(r.body()))
            .filter(r -> "rerun".equals(r.path("action").asText()))
            .findFirst()
            .orElseThrow();
    assertFalse(rerun.has("payload") || rerun.has("payloadUri"), "no payload: " + rerun);
    assertTrue(rerun.path("idempotencyKey").isTextual(), "a retried invoke re-runs once");

    assertThrows(UnknownRunException.class, () -> measure.rerun("01KB3Q8M1T6Z0V4W8Y2C7N5R9D"));
  }

  @Test
  void aRunRetriedOnceShowsEachAttemptsStartAndEnd() throws Exception {
    JobClient<Text, TextStats> flaky = JobClient.of(AwsTestJobs.AWS_FAIL_ONCE, engine);
    JobRun<TextStats> run = flaky.run(new Text("twice"));

    JobRun<TextStats> done = flaky.get(run.id()).await(AWAIT);

    assertEquals(RunStatus.SUCCEEDED, done.status(), path.taskLogText());
    List<AttemptSpan> attempts = done.details().attempts();
    assertEquals(2, attempts.size(), done.record().toString());
    AttemptSpan first = attempts.get(0);
    AttemptSpan second = attempts.get(1);
    assertEquals(RunStatus.FAILED, first.status());
    assertEquals(RunStatus.SUCCEEDED, second.status());
    assertFalse(first.endedAt().isBefore(first.startedAt()));
    assertTrue(second.startedAt().isAfter(first.endedAt()), attempts.toString());
    assertEquals(done.startedAt().orElseThrow(), second.startedAt(), "the run's is the last one's");
    assertEquals(done.finishedAt().orElseThrow(), second.endedAt(), "and so is its end");
  }

  @Test
  void anInvokerOlderThanReRunsOnAwsSaysToDeployAgainAndListsNoReRuns() throws Exception {
    // An invoker of the previous version: it knows get, and refuses rerun and reruns as it did.
    String older = "overtime-invoker-older";
    String runId = "01KB3Q8M1T6Z0V4W8Y2C7N5R9D";
    path.aws
        .lambda()
        .register(
            older,
            (input, output, context) -> {
              JsonNode request = JsonCodec.shared().readTree(input.readAllBytes());
              String action = request.path("action").asText();
              String answer =
                  action.equals("get")
                      ? "{\"run\":{\"runId\":\""
                          + runId
                          + "\",\"job\":\"aws-measure\",\"status\":\"SUCCEEDED\",\"attempt\":1,"
                          + "\"createdAt\":\"2026-11-27T07:00:00Z\",\"startedAt\":null,"
                          + "\"finishedAt\":null,\"result\":null,\"resultUri\":null,\"error\":null}}"
                      : "{\"error\":{\"code\":\"overtime.bad-request\",\"message\":\"field 'action'"
                          + " is '"
                          + action
                          + "'; use one of run, get, cancel, batch\"}}";
              output.write(answer.getBytes(StandardCharsets.UTF_8));
            });
    try (AwsEngine old =
        AwsEngine.builder()
            .lambda(
                LambdaClient.builder()
                    .endpointOverride(path.aws.endpoint())
                    .region(Region.of(AwsEmulator.REGION))
                    .credentialsProvider(AwsEmulator.credentials())
                    .httpClient(UrlConnectionHttpClient.create())
                    .build())
            .s3(path.s3.client())
            .invokerFunction(older)
            .build()) {
      assertEquals(List.of(), old.rerunsOf(runId), "it cannot have made any");
      EngineUnavailableException refused =
          assertThrows(
              EngineUnavailableException.class,
              () -> JobClient.of(AwsTestJobs.AWS_MEASURE, old).rerun(runId));
      assertTrue(refused.getMessage().contains("older than this Overtime"), refused.getMessage());
      assertTrue(refused.getMessage().contains("Deploy the stack again"), refused.getMessage());
    }
  }

  private static JsonNode readTree(byte[] body) {
    try {
      return JsonCodec.shared().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
