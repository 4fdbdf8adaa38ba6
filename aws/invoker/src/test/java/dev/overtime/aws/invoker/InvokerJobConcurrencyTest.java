package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.invoker.emulator.InjectedFault;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.Ending;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-job concurrency on AWS: a job with a limit runs at most that many tasks at once, the other
 * runs wait QUEUED and are started by the event-driven supervision (a stopped task's event, the
 * sweep), highest priority first and FIFO within a priority, whoever invokes the invoker at once.
 */
class InvokerJobConcurrencyTest {
  private static final String ONE = "one-at-a-time";
  private static final String PAIR = "pair";

  @TempDir Path triggers;
  private InvokerFixture fixture;
  private RunStore store;
  private ExecutorService callers;

  /** Run ids in the order their tasks' containers started. */
  private final List<String> launched = new CopyOnWriteArrayList<>();

  /** Launched runs whose work the test has not finished, by job. */
  private final Map<String, Set<String>> unfinished = new ConcurrentHashMap<>();

  /** The most runs of each job that were working at once, seen when a container started. */
  private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\""
                + ONE
                + "\":{\"timeoutSeconds\":600,\"retries\":0,\"concurrency\":1},\""
                + PAIR
                + "\":{\"timeoutSeconds\":600,\"retries\":0,\"concurrency\":2},"
                + "\"echo\":{\"timeoutSeconds\":600,\"retries\":0}}");
    store = new RunStore(fixture.aws.s3Client(), InvokerFixture.BUCKET, "overtime/");
    callers = Executors.newFixedThreadPool(8);
    fixture.aws.ecs().launcher(this::worksUntilFinished);
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    fixture.close();
  }

  @Test
  void oneRunAtATimeTheOthersWaitQueuedAndStartByPriorityAsTasksStop() throws Exception {
    String first = run(ONE, 0).path("runId").asText();
    waitFor(() -> launched.size() == 1);
    JsonNode low = run(ONE, 0);
    JsonNode high = run(ONE, 10);
    assertEquals("QUEUED", low.path("status").asText(), low.toString());
    assertEquals("QUEUED", high.path("status").asText(), high.toString());
    assertEquals(10, high.path("priority").asInt(), "the run's priority is in its answer");
    String lowId = low.path("runId").asText();
    String highId = high.path("runId").asText();
    assertEquals("QUEUED", get(lowId).path("status").asText(), "a read starts nothing");
    assertEquals(1, fixture.aws.ecs().tasks().size(), "one task at a time");
    assertEquals(10, get(highId).path("priority").asInt());

    Instant firstEnds = Instant.now();
    finish(first);

    // Nobody reads the runs: the STOPPED event of the first task settles it and starts the next.
    waitFor(() -> launched.size() == 2);
    assertEquals(highId, launched.get(1), "the higher priority first, though submitted later");
    assertTrue(taskOf(first).stopped(), "the next task started after the first one stopped");
    assertEquals(2, fixture.aws.ecs().tasks().size());
    Instant deadline = Instant.parse(taskOf(highId).environment().get(RunContract.DEADLINE));
    assertFalse(
        deadline.isBefore(firstEnds.plusSeconds(600)),
        "its deadline counts from when it got its slot, not from when it was queued: " + deadline);

    finish(highId);
    waitFor(() -> launched.size() == 3);
    assertEquals(lowId, launched.get(2));
    assertTrue(taskOf(highId).stopped());

    finish(lowId);
    waitFor(() -> settled(lowId) == RunStatus.SUCCEEDED);
    assertEquals(RunStatus.SUCCEEDED, settled(first));
    assertEquals(RunStatus.SUCCEEDED, settled(highId));
    assertEquals(3, fixture.aws.ecs().tasks().size(), "each run started once");
    assertEquals(1, mostAtOnce.get(ONE).get());
    // The slot is released just after the run settles.
    waitFor(() -> store.slots(ONE).orElseThrow().holders().isEmpty());
    assertTrue(store.queued(ONE, 10).isEmpty(), "nobody waits");
  }

  @Test
  void runsOfOnePriorityStartInTheOrderTheyWereSubmitted() throws Exception {
    String first = run(ONE, 0).path("runId").asText();
    waitFor(() -> launched.size() == 1);
    List<String> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(run(ONE, 3).path("runId").asText());
    }
    String last = first;
    for (int i = 0; i < queued.size(); i++) {
      finish(last);
      int started = i + 2;
      waitFor(() -> launched.size() == started);
      last = launched.get(started - 1);
      assertEquals(queued.get(i), last, "FIFO within a priority");
    }
  }

  @Test
  void concurrentInvocationsNeverStartMoreRunsOfAJobThanItsLimit() throws Exception {
    // Every STOPPED event twice, up to 100 ms late: releases and duplicates race one another.
    fixture.aws.events().delivery(2, Duration.ofMillis(100));
    int count = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<JsonNode>> submits =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            call(
                                go,
                                "{\"action\":\"run\",\"job\":\""
                                    + PAIR
                                    + "\",\"payload\":{},\"priority\":"
                                    + (i % 3)
                                    + "}"),
                        callers))
            .toList();
    go.countDown();
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<JsonNode> submit : submits) {
      JsonNode answer = submit.get();
      assertTrue(answer.has("run"), answer.toString());
      ids.add(answer.path("run").path("runId").asText());
    }
    // RunTask is called within the invocation that admits a run: all that start have a task now.
    assertEquals(2, fixture.aws.ecs().tasks().size(), "eight concurrent runs, two slots");
    assertEquals(2, store.slots(PAIR).orElseThrow().holders().size());

    // Eight concurrent reads of the queued runs start nothing more.
    CountDownLatch read = new CountDownLatch(1);
    List<CompletableFuture<JsonNode>> reads =
        ids.stream()
            .map(
                id ->
                    CompletableFuture.supplyAsync(
                        () -> call(read, "{\"action\":\"get\",\"runId\":\"" + id + "\"}"), callers))
            .toList();
    read.countDown();
    for (CompletableFuture<JsonNode> each : reads) {
      assertTrue(each.get().has("run"), each.get().toString());
    }
    assertEquals(2, fixture.aws.ecs().tasks().size());

    // Both working runs finish at once, round after round: two releases hand out the slots at
    // the same time.
    Set<String> finished = new HashSet<>();
    while (finished.size() < count) {
      int expected = Math.min(2, count - finished.size());
      waitFor(() -> unfinished(PAIR).size() == expected);
      List<String> working = new ArrayList<>(unfinished(PAIR));
      working.forEach(this::finish);
      finished.addAll(working);
    }
    for (String id : ids) {
      waitFor(() -> settled(id) == RunStatus.SUCCEEDED);
    }
    assertEquals(2, mostAtOnce.get(PAIR).get(), "never more than two at once");
    assertEquals(count, fixture.aws.ecs().tasks().size(), "each run one task");
    assertEquals(Set.copyOf(ids), Set.copyOf(launched), "every run ran");
    assertEquals(count, launched.size(), "none twice");
    waitFor(() -> store.slots(PAIR).orElseThrow().holders().isEmpty());
  }

  @Test
  void aQueuedRunCancelledNeverStartsAndGivesUpItsPlace() throws Exception {
    String first = run(ONE, 0).path("runId").asText();
    waitFor(() -> launched.size() == 1);
    String cancelled = run(ONE, 5).path("runId").asText();
    String next = run(ONE, 0).path("runId").asText();

    JsonNode answer = fixture.invoke("{\"action\":\"cancel\",\"runId\":\"" + cancelled + "\"}");

    assertEquals("CANCELLED", answer.path("run").path("status").asText(), answer.toString());
    assertTrue(answer.path("run").path("attempts").isMissingNode(), "it never ran: " + answer);
    assertEquals(1, fixture.aws.ecs().tasks().size());
    assertEquals(1, store.queued(ONE, 10).size(), "only the other run waits");

    finish(first);
    waitFor(() -> launched.size() == 2);
    assertEquals(next, launched.get(1), "the cancelled run's turn went to the next");
    assertEquals(2, fixture.aws.ecs().tasks().size());
  }

  @Test
  void aReleaseWhoseWriteAnswerIsLostStillStartsTheNextQueuedRun() throws Exception {
    String first = run(ONE, 0).path("runId").asText();
    waitFor(() -> launched.size() == 1);
    String waiting = run(ONE, 0).path("runId").asText();
    // S3 frees the slot and the answer is lost: the client retries the write, If-Match refuses
    // it, and the holders read again no longer hold the run: the slot is free all the same.
    fixture.aws.loseNextAnswer(
        "PUT", "/runs/_slots/" + ONE + ".json", new InjectedFault("s3", 500, "InternalError"));

    finish(first);

    waitFor(() -> launched.size() == 2); // by the STOPPED event alone: nobody sweeps
    assertEquals(waiting, launched.get(1));
    assertEquals(List.of(waiting), store.slots(ONE).orElseThrow().holders());
  }

  @Test
  void theSweepFreesTheSlotOfARunThatSettledWithoutReleasingItAndStartsTheNext() throws Exception {
    fixture.aws.events().ruleTarget(null); // no events: only the sweep supervises
    String first = run(ONE, 0).path("runId").asText();
    waitFor(() -> launched.size() == 1);
    String waiting = run(ONE, 0).path("runId").asText();
    // The first run settles, and its release is lost (the invoker died between the two writes).
    RunStore.Versioned record = store.loadVersioned(first).orElseThrow();
    store.update(
        record,
        record
            .run()
            .settled(
                RunStatus.FAILED,
                Instant.now(),
                new dev.overtime.runtime.RunError("overtime.lost", "gone")));
    assertEquals(List.of(first), store.slots(ONE).orElseThrow().holders());

    fixture.invoke("{\"action\":\"sweep\"}");

    waitFor(() -> launched.size() == 2);
    assertEquals(waiting, launched.get(1));
    assertEquals(List.of(waiting), store.slots(ONE).orElseThrow().holders());
  }

  @Test
  void aJobWithoutALimitStartsEveryRunAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) {
      run("echo", i);
    }
    assertEquals(3, fixture.aws.ecs().tasks().size());
    assertTrue(store.slots("echo").isEmpty(), "no slots are kept for it");
  }

  // ---- the tasks

  /** A container that notes its start and works until the test finishes it ({@link #finish}). */
  private Process worksUntilFinished(String definition, Map<String, String> env)
      throws IOException {
    String runId = env.get(RunContract.RUN_ID);
    String job = env.get(RunContract.JOB);
    S3Location began = S3Location.of(URI.create(env.get(RunContract.BEGAN_URI)));
    fixture
        .aws
        .s3()
        .put(
            began.bucket(),
            began.key(),
            BeganDocument.write(
                runId, Integer.parseInt(env.get(RunContract.ATTEMPT)), Instant.now()));
    Set<String> working = unfinished(job);
    synchronized (working) {
      working.add(runId);
      mostAtOnce
          .computeIfAbsent(job, j -> new AtomicInteger())
          .accumulateAndGet(working.size(), Math::max);
    }
    launched.add(runId);
    Path trigger = triggers.resolve(runId);
    return new ProcessBuilder(
            "sh", "-c", "while [ ! -f '" + trigger + "' ]; do sleep 0.05; done; exit 0")
        .start();
  }

  /** Writes the run's SUCCEEDED outcome, as the bootstrap would, then lets its container exit. */
  private void finish(String runId) {
    EmulatedTask task = taskOf(runId);
    String job = task.environment().get(RunContract.JOB);
    Set<String> working = unfinished(job);
    synchronized (working) {
      working.remove(runId);
    }
    S3Location result = S3Location.of(URI.create(task.environment().get(RunContract.RESULT_URI)));
    fixture
        .aws
        .s3()
        .put(
            result.bucket(),
            result.key(),
            OutcomeDocument.write(
                new RunOutcome(runId, job, 1, Ending.SUCCEEDED, "1", null, false, Instant.now())));
    try {
      Files.writeString(triggers.resolve(runId), "done");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> unfinished(String job) {
    return unfinished.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet());
  }

  private EmulatedTask taskOf(String runId) {
    return fixture.aws.ecs().tasks().values().stream()
        .filter(task -> runId.equals(task.environment().get(RunContract.RUN_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task of run " + runId));
  }

  // ---- the invoker

  private JsonNode run(String job, int priority) throws IOException {
    JsonNode answer =
        fixture.invoke(
            "{\"action\":\"run\",\"job\":\""
                + job
                + "\",\"payload\":{}"
                + (priority == 0 ? "" : ",\"priority\":" + priority)
                + "}");
    assertTrue(answer.has("run"), answer.toString());
    return answer.path("run");
  }

  private JsonNode get(String runId) throws IOException {
    return fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
  }

  private JsonNode call(CountDownLatch go, String request) {
    try {
      go.await();
      return fixture.invoke(request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private RunStatus settled(String runId) {
    return store.load(runId).map(StoredRun::settledStatus).orElse(null);
  }
}
