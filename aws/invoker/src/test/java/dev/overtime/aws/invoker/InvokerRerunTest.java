package dev.overtime.aws.invoker;

import static dev.overtime.aws.invoker.InvokerConcurrencyTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.EmulatedTask;
import dev.overtime.aws.invoker.emulator.InjectedFault;
import dev.overtime.contract.RunContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rerun} on AWS: a new run of the original's job with the payload stored with it (inline in
 * the record, in the run's own {@code payload.json}, or uploaded by the client), a new id, and both
 * linked; the client never sends the payload.
 */
class InvokerRerunTest {
  private InvokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new InvokerFixture(
            "{\"echo\":{\"timeoutSeconds\":600,\"retries\":0},"
                + "\"other\":{\"timeoutSeconds\":600,\"retries\":0}}");
    fixture.aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aRerunKeepsTheInlinePayloadAndPriorityWithANewIdLinkedBothWays() throws Exception {
    JsonNode original =
        run(
            "{\"action\":\"run\",\"job\":\"echo\",\"payload\":{\"order\":42},\"priority\":7,"
                + "\"timeoutSeconds\":120}");
    String originalId = original.path("runId").asText();

    JsonNode rerun = rerun(originalId);

    String rerunId = rerun.path("runId").asText();
    assertNotEquals(originalId, rerunId);
    assertEquals(26, rerunId.length());
    assertEquals("echo", rerun.path("job").asText());
    assertEquals(originalId, rerun.path("rerunOf").asText(), rerun.toString());
    assertEquals(7, rerun.path("priority").asInt(), "the original's priority");
    Map<String, String> env = taskOf(rerunId).environment();
    assertEquals("{\"order\":42}", env.get(RunContract.PAYLOAD));
    assertEquals(
        taskOf(originalId).environment().get(RunContract.PAYLOAD), env.get(RunContract.PAYLOAD));
    assertTrue(
        Instant.parse(env.get(RunContract.DEADLINE)).isBefore(Instant.now().plusSeconds(121)),
        "the original's timeout of 120 s: " + env.get(RunContract.DEADLINE));

    assertEquals(originalId, get(rerunId).path("rerunOf").asText());
    assertTrue(get(originalId).path("rerunOf").isMissingNode());
    JsonNode reruns = fixture.invoke("{\"action\":\"reruns\",\"runId\":\"" + originalId + "\"}");
    assertEquals(List.of(rerunId), ids(reruns.path("reruns").path("reruns")), reruns.toString());

    String again = rerun(originalId).path("runId").asText();
    reruns = fixture.invoke("{\"action\":\"reruns\",\"runId\":\"" + originalId + "\"}");
    assertEquals(
        List.of(rerunId, again), ids(reruns.path("reruns").path("reruns")), "oldest first");
    JsonNode none = fixture.invoke("{\"action\":\"reruns\",\"runId\":\"" + rerunId + "\"}");
    assertEquals(List.of(), ids(none.path("reruns").path("reruns")));
  }

  @Test
  void aPayloadTooLargeForTheOverridesIsCopiedToTheRerunsOwnObject() throws Exception {
    String big = "x".repeat(RunContract.INLINE_PAYLOAD_LIMIT_BYTES + 100);
    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{\"text\":\"" + big + "\"}}")
            .path("runId")
            .asText();
    String rerunId = rerun(originalId).path("runId").asText();

    String uri = taskOf(rerunId).environment().get(RunContract.PAYLOAD_URI);
    assertEquals(
        "s3://" + InvokerFixture.BUCKET + "/overtime/runs/" + rerunId + "/payload.json", uri);
    assertArrayEquals(
        object("overtime/runs/" + originalId + "/payload.json"),
        object("overtime/runs/" + rerunId + "/payload.json"));
  }

  @Test
  void aPayloadTheClientUploadedIsCopiedSoItOutlivesTheOriginals() throws Exception {
    byte[] payload = "{\"frames\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
    fixture.aws.s3().put(InvokerFixture.BUCKET, "overtime/payloads/upload-1.json", payload);
    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payloadUri\":\"s3://"
                + InvokerFixture.BUCKET
                + "/overtime/payloads/upload-1.json\"}")
            .path("runId")
            .asText();
    String rerunId = rerun(originalId).path("runId").asText();
    assertArrayEquals(payload, object("overtime/runs/" + rerunId + "/payload.json"));

    // Once the upload expired, a re-run cannot have the payload: it says so and starts nothing.
    fixture
        .aws
        .s3Client()
        .deleteObject(b -> b.bucket(InvokerFixture.BUCKET).key("overtime/payloads/upload-1.json"));
    int tasks = fixture.aws.ecs().tasks().size();
    JsonNode gone = fixture.invoke(rerunRequest(originalId, null));
    assertEquals("overtime.bad-request", gone.path("error").path("code").asText(), gone.toString());
    assertTrue(
        gone.path("error").path("message").asText().contains("is no longer in the bucket"),
        gone.toString());
    assertEquals(tasks, fixture.aws.ecs().tasks().size());
  }

  @Test
  void aRetriedRerunWithItsIdempotencyKeyStartsOneRerun() throws Exception {
    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}").path("runId").asText();
    String request =
        "{\"action\":\"rerun\",\"runId\":\"" + originalId + "\",\"idempotencyKey\":\"again-1\"}";
    String first = fixture.invoke(request).path("run").path("runId").asText();
    String second = fixture.invoke(request).path("run").path("runId").asText();
    assertEquals(first, second);
    assertEquals(2, fixture.aws.ecs().tasks().size(), "the original and one re-run");
    JsonNode reruns = fixture.invoke("{\"action\":\"reruns\",\"runId\":\"" + originalId + "\"}");
    assertEquals(List.of(first), ids(reruns.path("reruns").path("reruns")));
  }

  @Test
  void aRerunWhoseRecordWriteAnswerIsLostIsStillLinkedToTheOriginal() throws Exception {
    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}").path("runId").asText();
    // S3 writes the re-run's record and the answer is lost: the S3 client retries the PUT, and
    // If-None-Match: * refuses the retry (412), although the record is this call's own.
    fixture.aws.loseNextAnswer("PUT", "/run.json", new InjectedFault("s3", 500, "InternalError"));

    String rerunId = rerun(originalId).path("runId").asText();

    assertTrue(
        fixture.aws.requests("s3").stream()
                .filter(r -> r.method().equals("PUT") && r.path().contains(rerunId + "/run.json"))
                .count()
            >= 2,
        "the record's PUT was retried");
    assertEquals(originalId, get(rerunId).path("rerunOf").asText());
    JsonNode reruns = fixture.invoke("{\"action\":\"reruns\",\"runId\":\"" + originalId + "\"}");
    assertEquals(List.of(rerunId), ids(reruns.path("reruns").path("reruns")), reruns.toString());
    assertEquals(2, fixture.aws.ecs().tasks().size(), "the original and its re-run, once");
  }

  @Test
  void aRerunOfAnUnknownRunOrOfAnotherJobIsRefusedNamingTheRun() throws Exception {
    JsonNode unknown = fixture.invoke(rerunRequest("01KB3Q8M1T6Z0V4W8Y2C7N5R9D", null));
    assertEquals("overtime.unknown-run", unknown.path("error").path("code").asText());
    assertTrue(
        unknown.path("error").path("message").asText().contains("01KB3Q8M1T6Z0V4W8Y2C7N5R9D"),
        unknown.toString());
    JsonNode malformed = fixture.invoke(rerunRequest("not-a-run", null));
    assertEquals("overtime.unknown-run", malformed.path("error").path("code").asText());
    assertTrue(
        malformed.path("error").path("message").asText().contains("is not a run id"),
        malformed.toString());

    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{}}").path("runId").asText();
    JsonNode wrongJob = fixture.invoke(rerunRequest(originalId, "other"));
    assertEquals("overtime.unknown-run", wrongJob.path("error").path("code").asText());
    assertTrue(
        wrongJob.path("error").path("message").asText().contains("belongs to job 'echo'"),
        wrongJob.toString());
    JsonNode reruns =
        fixture.invoke("{\"action\":\"reruns\",\"runId\":\"01KB3Q8M1T6Z0V4W8Y2C7N5R9D\"}");
    assertEquals("overtime.unknown-run", reruns.path("error").path("code").asText());
    assertEquals(1, fixture.aws.ecs().tasks().size(), "nothing else started");
  }

  @Test
  void aRunThatEndedCanBeRerun() throws Exception {
    String originalId =
        run("{\"action\":\"run\",\"job\":\"echo\",\"payload\":{\"n\":1}}").path("runId").asText();
    fixture.invoke("{\"action\":\"cancel\",\"runId\":\"" + originalId + "\"}");
    waitFor(
        () -> {
          try {
            return "CANCELLED".equals(get(originalId).path("status").asText());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    JsonNode rerun = rerun(originalId);
    assertEquals("QUEUED", rerun.path("status").asText(), rerun.toString());
    assertEquals(
        "{\"n\":1}", taskOf(rerun.path("runId").asText()).environment().get(RunContract.PAYLOAD));
  }

  private JsonNode run(String request) throws Exception {
    JsonNode answer = fixture.invoke(request);
    assertTrue(answer.has("run"), answer.toString());
    return answer.path("run");
  }

  private JsonNode rerun(String runId) throws Exception {
    JsonNode answer = fixture.invoke(rerunRequest(runId, null));
    assertTrue(answer.has("run"), answer.toString());
    return answer.path("run");
  }

  private static String rerunRequest(String runId, String job) {
    return "{\"action\":\"rerun\",\"runId\":\""
        + runId
        + "\""
        + (job == null ? "" : ",\"job\":\"" + job + "\"")
        + "}";
  }

  private JsonNode get(String runId) throws Exception {
    return fixture.invoke("{\"action\":\"get\",\"runId\":\"" + runId + "\"}").path("run");
  }

  private EmulatedTask taskOf(String runId) {
    return fixture.aws.ecs().tasks().values().stream()
        .filter(task -> runId.equals(task.environment().get(RunContract.RUN_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task of run " + runId));
  }

  private byte[] object(String key) {
    return fixture
        .aws
        .s3()
        .object(InvokerFixture.BUCKET, key)
        .orElseThrow(() -> new AssertionError("no object " + key));
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(id -> ids.add(id.asText()));
    return ids;
  }
}
