package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.AttemptError;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.Ending;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When each attempt of a run on AWS started and ended: kept in the run record as each attempt ends,
 * and answered by {@code get} as {@code RunDetails.attempts()}.
 */
class InvokerAttemptSpansTest {
  private InvokerFixture fixture;
  private final ScheduledExecutorService containers = Executors.newSingleThreadScheduledExecutor();

  /** When each attempt's container wrote its outcome, by attempt. */
  private final Map<Integer, Instant> outcomesAt = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    fixture = new InvokerFixture("{\"flaky\":{\"timeoutSeconds\":600,\"retries\":2}}");
  }

  @AfterEach
  void stop() {
    containers.shutdownNow();
    fixture.close();
  }

  @Test
  void aRunRetriedOnceShowsBothAttemptsWithTheirOwnStartAndEnd() throws Exception {
    fixture.aws.ecs().launcher(this::failsOnceThenSucceeds);
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();

    JsonNode[] run = new JsonNode[1];
    waitFor(
        () -> {
          run[0] = get(runId);
          return "SUCCEEDED".equals(run[0].path("status").asText());
        });

    JsonNode attempts = run[0].path("attempts");
    assertEquals(2, attempts.size(), run[0].toString());
    JsonNode first = attempts.get(0);
    JsonNode second = attempts.get(1);
    assertEquals(1, first.path("attempt").asInt());
    assertEquals("FAILED", first.path("status").asText(), "how attempt 1 ended");
    assertEquals(
        outcomesAt.get(1).toString(), first.path("endedAt").asText(), "its outcome's time");
    assertEquals(2, second.path("attempt").asInt());
    assertEquals("SUCCEEDED", second.path("status").asText());
    assertEquals(outcomesAt.get(2).toString(), second.path("endedAt").asText());
    Instant firstStart = Instant.parse(first.path("startedAt").asText());
    Instant firstEnd = Instant.parse(first.path("endedAt").asText());
    Instant secondStart = Instant.parse(second.path("startedAt").asText());
    Instant secondEnd = Instant.parse(second.path("endedAt").asText());
    assertFalse(firstEnd.isBefore(firstStart), run[0].toString());
    assertTrue(secondStart.isAfter(firstEnd), "attempt 2 started after attempt 1 ended: " + run[0]);
    assertFalse(secondEnd.isBefore(secondStart), run[0].toString());
    assertEquals(
        run[0].path("startedAt").asText(),
        second.path("startedAt").asText(),
        "the run's startedAt is its last attempt's");
  }

  @Test
  void aRunningAttemptHasAnOpenSpanAndEndedOnesStayAsTheRecordMovesOn() throws Exception {
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"flaky\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();
    JsonNode[] run = new JsonNode[1];
    waitFor(
        () -> {
          run[0] = get(runId);
          return "RUNNING".equals(run[0].path("status").asText());
        });
    JsonNode open = run[0].path("attempts");
    assertEquals(1, open.size(), run[0].toString());
    assertEquals(1, open.get(0).path("attempt").asInt());
    assertTrue(open.get(0).path("endedAt").isNull(), "still running: " + run[0]);
    assertTrue(open.get(0).path("status").isNull());

    RunStore store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    StoredRun stored = store.load(runId).orElseThrow();
    assertTrue(stored.control().attempts().isEmpty(), "an attempt is kept once it ended");
  }

  @Test
  void theRecordKeepsTheNewestEndedAttemptsWithinItsBound() {
    RunControl control = RunControl.of(0, null);
    Instant at = Instant.parse("2026-11-27T07:00:00Z");
    for (int attempt = 1; attempt <= RunControl.MAX_ATTEMPTS + 4; attempt++) {
      control =
          control.withEnded(
              new RunControl.EndedAttempt(
                  attempt, at.plusSeconds(attempt), at.plusSeconds(attempt + 1), RunStatus.FAILED));
    }
    assertEquals(RunControl.MAX_ATTEMPTS, control.attempts().size());
    assertEquals(5, control.attempts().get(0).attempt(), "the oldest went first");
    assertEquals(
        RunControl.MAX_ATTEMPTS + 4, control.attempts().get(RunControl.MAX_ATTEMPTS - 1).attempt());
    // An attempt recorded twice (a decision repeated after a lost race) is kept once.
    RunControl again =
        control.withEnded(
            new RunControl.EndedAttempt(20, at, at.plusSeconds(30), RunStatus.SUCCEEDED));
    assertEquals(RunControl.MAX_ATTEMPTS, again.attempts().size());
    assertEquals(RunStatus.SUCCEEDED, again.attempts().get(RunControl.MAX_ATTEMPTS - 1).status());
  }

  /**
   * Attempt 1 fails retryably, attempt 2 succeeds; each works 200 ms, writes its outcome with the
   * time it wrote it, as the bootstrap does just before its process exits, and exits.
   */
  private Process failsOnceThenSucceeds(String definition, Map<String, String> env)
      throws IOException {
    String runId = env.get(RunContract.RUN_ID);
    int attempt = Integer.parseInt(env.get(RunContract.ATTEMPT));
    S3Location began = S3Location.of(URI.create(env.get(RunContract.BEGAN_URI)));
    fixture
        .aws
        .s3()
        .put(began.bucket(), began.key(), BeganDocument.write(runId, attempt, Instant.now()));
    S3Location result = S3Location.of(URI.create(env.get(RunContract.RESULT_URI)));
    containers.schedule(
        () -> {
          // Milliseconds, as the bootstrap writes them.
          Instant finishedAt = Instant.ofEpochMilli(System.currentTimeMillis());
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
                      finishedAt)
                  : new RunOutcome(
                      runId, "flaky", attempt, Ending.SUCCEEDED, "2", null, false, finishedAt);
          outcomesAt.put(attempt, finishedAt);
          fixture.aws.s3().put(result.bucket(), result.key(), OutcomeDocument.write(outcome));
        },
        200,
        TimeUnit.MILLISECONDS);
    return new ProcessBuilder("sh", "-c", "sleep 0.5; exit " + (attempt == 1 ? 1 : 0)).start();
  }

  private JsonNode get(String runId) {
    try {
      return fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
