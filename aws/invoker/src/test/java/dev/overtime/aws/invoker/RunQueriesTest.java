package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.RecordedRequest;
import dev.overtime.aws.protocol.InvokerQuery;
import dev.overtime.aws.protocol.RunPage;
import dev.overtime.contract.RunIds;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invoker's list and log-streams queries, over the bucket layout in the emulated S3. */
class RunQueriesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private InvokerFixture fixture;
  private RunStore store;
  private final RunIds ids = new RunIds();

  @BeforeEach
  void start() throws Exception {
    fixture = new InvokerFixture("{\"echo\":{\"timeoutSeconds\":600,\"retries\":0}}");
    store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void pagesListEveryRunNewestFirstWithBoundedListRequestsPerPage() {
    List<String> created = new ArrayList<>();
    // Sparse and dense stretches: a month ago, a week ago, the last hour (12 in 12 ms), now.
    for (int i = 0; i < 5; i++) {
      created.add(record(NOW.minus(Duration.ofDays(30)).plusSeconds(i), "echo", null));
      created.add(record(NOW.minus(Duration.ofDays(7)).plusSeconds(i * 60), "echo", null));
    }
    for (int i = 0; i < 12; i++) {
      created.add(record(NOW.minus(Duration.ofMinutes(30)).plusMillis(i), "other", null));
    }
    created.add(record(NOW.minusSeconds(1), "echo", RunStatus.FAILED));
    // 4 keys per list request: the dense stretch must be listed in narrower windows.
    RunQueries queries =
        new RunQueries(store, "job", Clock.fixed(NOW, java.time.ZoneOffset.UTC), 4);

    List<String> listed = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      int before = listRequests();
      RunPage page = queries.list(new InvokerQuery.ListRuns(null, null, 7, next));
      assertTrue(
          listRequests() - before <= RunQueries.LIST_BUDGET,
          "a page makes at most " + RunQueries.LIST_BUDGET + " list requests");
      page.runs().forEach(run -> listed.add(run.id()));
      next = page.next();
      pages++;
    } while (next != null && pages < 20);

    List<String> newestFirst = new ArrayList<>(created);
    newestFirst.sort(Comparator.reverseOrder());
    assertEquals(newestFirst, listed, "every run once, newest first");
    assertNull(next, "the last page says there is nothing older");
  }

  @Test
  void filtersByJobAndStatusAndUnsettledRunsAreListedFromTheirActiveMarksOnly() {
    String failed = record(NOW.minusSeconds(30), "echo", RunStatus.FAILED);
    String queued = record(NOW.minusSeconds(20), "echo", null);
    String otherJob = record(NOW.minusSeconds(10), "other", null);
    for (int i = 0; i < 10; i++) {
      record(NOW.minus(Duration.ofHours(2)).plusSeconds(i), "echo", RunStatus.SUCCEEDED);
    }
    RunQueries queries = new RunQueries(store, "job", Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    int readsBefore = recordReads();
    RunPage unsettled = queries.list(new InvokerQuery.ListRuns("echo", RunStatus.QUEUED, 10, null));
    assertEquals(List.of(queued), ids(unsettled));
    assertEquals(2, recordReads() - readsBefore, "only the two runs marked active were read");

    assertEquals(
        List.of(otherJob), ids(queries.list(new InvokerQuery.ListRuns("other", null, 10, null))));
    RunPage failures = queries.list(new InvokerQuery.ListRuns(null, RunStatus.FAILED, 10, null));
    assertEquals(List.of(failed), ids(failures));
    RunRecord run = failures.runs().get(0);
    assertEquals("overtime.lost", run.error().type());
    assertEquals(NOW.minusSeconds(29), run.finishedAt());
  }

  @Test
  void theInvokerAnswersListAndRefusesAForgedToken() throws Exception {
    String id = record(Instant.now().minusSeconds(5), "echo", RunStatus.SUCCEEDED);

    JsonNode page = fixture.invoke("{\"action\":\"list\",\"limit\":5}");
    assertEquals(id, page.path("runs").path(0).path("runId").asText(), page.toString());
    assertEquals("SUCCEEDED", page.path("runs").path(0).path("status").asText());
    assertTrue(page.path("next").isNull(), page.toString());

    JsonNode forged = fixture.invoke("{\"action\":\"list\",\"next\":\"not-a-token\"}");
    assertEquals("overtime.bad-request", forged.path("error").path("code").asText());
    JsonNode tooMany = fixture.invoke("{\"action\":\"list\",\"limit\":1000}");
    assertTrue(
        tooMany.path("error").path("message").asText().contains("1 to 100"), tooMany.toString());
    JsonNode unknownField = fixture.invoke("{\"action\":\"list\",\"colour\":1}");
    assertTrue(
        unknownField.path("error").path("message").asText().contains("colour"),
        unknownField.toString());
  }

  @Test
  void logStreamsNameTheTaskOfEveryAttempt() throws Exception {
    String runId = record(NOW, "echo", null);
    store.markTask(runId, 1, "arn:aws:ecs:us-east-1:000000000000:task/overtime-test/aaa111");
    store.markTask(runId, 2, "arn:aws:ecs:us-east-1:000000000000:task/overtime-test/bbb222");

    JsonNode answer = fixture.invoke("{\"action\":\"log-streams\",\"runId\":\"" + runId + "\"}");

    JsonNode streams = answer.path("logStreams").path("streams");
    assertEquals(2, streams.size(), answer.toString());
    assertEquals("echo/job/aaa111", streams.path(0).path("logStream").asText());
    assertEquals(2, streams.path(1).path("attempt").asInt());
    assertEquals("echo/job/bbb222", streams.path(1).path("logStream").asText());
    JsonNode unknown =
        fixture.invoke("{\"action\":\"log-streams\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\"}");
    assertEquals("overtime.unknown-run", unknown.path("error").path("code").asText());
  }

  @Test
  void theStartOfAnAttemptNotesItsTaskForItsLogStream() throws Exception {
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
    String runId =
        fixture
            .invoke("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}")
            .path("run")
            .path("runId")
            .asText();

    JsonNode answer = fixture.invoke("{\"action\":\"log-streams\",\"runId\":\"" + runId + "\"}");

    String taskArn = store.load(runId).orElseThrow().taskArn();
    String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
    JsonNode streams = answer.path("logStreams").path("streams");
    assertEquals(1, streams.size(), answer.toString());
    assertEquals("echo/job/" + taskId, streams.path(0).path("logStream").asText());
    fixture.invoke("{\"action\":\"cancel\",\"runId\":\"" + runId + "\"}");
  }

  /** Writes a run record created at {@code at}; settled with {@code status} unless null. */
  private String record(Instant at, String job, RunStatus status) {
    String runId = ids.next(at);
    StoredRun run = StoredRun.created(runId, job, at, 600, "{}", null, null);
    if (status != null) {
      run = run.settled(status, at.plusSeconds(1), new RunError("overtime.lost", "gone"));
    } else {
      store.markActive(runId);
    }
    store.create(run);
    return runId;
  }

  private int listRequests() {
    return (int)
        fixture.aws.requests("s3").stream().filter(r -> r.path().contains("list-type=2")).count();
  }

  private int recordReads() {
    int reads = 0;
    for (RecordedRequest request : fixture.aws.requests("s3")) {
      if (request.method().equals("GET") && request.path().endsWith("/run.json")) {
        reads++;
      }
    }
    return reads;
  }

  private static List<String> ids(RunPage page) {
    return page.runs().stream().map(RunRecord::id).toList();
  }
}
