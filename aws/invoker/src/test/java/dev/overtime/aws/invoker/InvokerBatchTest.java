package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code batch} action: many runs in one invocation, tags stored and answered. */
class InvokerBatchTest {
  private InvokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new InvokerFixture("{\"echo\":{\"timeoutSeconds\":600,\"retries\":0}}");
    fixture.aws.ecs().launcher((taskDefinition, env) -> new ProcessBuilder("sleep", "300").start());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aBatchStartsEveryItemInOrderWithItsTagsAndOneRunPerKey() throws Exception {
    JsonNode answer =
        fixture.invoke(
            "{\"action\":\"batch\",\"items\":["
                + "{\"job\":\"echo\",\"payload\":{\"n\":1},\"idempotencyKey\":\"a\",\"tags\":[\"t1\",\"x\"]},"
                + "{\"job\":\"echo\",\"payload\":{\"n\":2},\"idempotencyKey\":\"b\"},"
                + "{\"job\":\"echo\",\"payload\":{\"n\":1},\"idempotencyKey\":\"a\"}]}");

    JsonNode runs = answer.path("runs");
    assertEquals(3, runs.size(), answer.toString());
    assertEquals("[\"t1\",\"x\"]", runs.get(0).path("tags").toString());
    assertEquals(runs.get(0).path("runId").asText(), runs.get(2).path("runId").asText());
    assertTrue(!runs.get(0).path("runId").asText().equals(runs.get(1).path("runId").asText()));
    assertEquals(
        2,
        fixture.aws.requests("ecs").stream()
            .filter(r -> r.header("x-amz-target").endsWith("RunTask"))
            .count(),
        "one task per run");

    JsonNode later =
        fixture.invoke(
            "{\"action\":\"get\",\"runId\":\"" + runs.get(0).path("runId").asText() + "\"}");
    assertEquals("[\"t1\",\"x\"]", later.path("run").path("tags").toString(), later.toString());
  }

  @Test
  void aBadItemRefusesTheWholeBatchNamingItAndStartsNothing() throws Exception {
    JsonNode unknownJob =
        fixture.invoke(
            "{\"action\":\"batch\",\"items\":[{\"job\":\"echo\",\"payload\":{}},"
                + "{\"job\":\"nope\",\"payload\":{}}]}");
    assertEquals("overtime.unknown-job", unknownJob.path("error").path("code").asText());
    assertTrue(
        unknownJob.path("error").path("message").asText().startsWith("items[1]: job 'nope'"),
        unknownJob.toString());

    JsonNode badTag =
        fixture.invoke(
            "{\"action\":\"batch\",\"items\":[{\"job\":\"echo\",\"payload\":{},\"tags\":[\"a"
                + " b\"]}]}");
    assertEquals("overtime.bad-request", badTag.path("error").path("code").asText());
    assertTrue(
        badTag
            .path("error")
            .path("message")
            .asText()
            .contains("items[0]: field tags: 'a b' is not a tag"),
        badTag.toString());

    JsonNode empty = fixture.invoke("{\"action\":\"batch\",\"items\":[]}");
    assertTrue(
        empty.path("error").path("message").asText().contains("array of 1 to 1000 run requests"),
        empty.toString());

    assertTrue(fixture.aws.requests("ecs").isEmpty(), "no ECS call for a refused batch");
    assertTrue(fixture.aws.requests("s3").isEmpty(), "no S3 call for a refused batch");
  }
}
