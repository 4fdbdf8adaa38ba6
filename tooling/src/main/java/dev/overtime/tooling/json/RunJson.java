package dev.overtime.tooling.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.internal.JsonCodec;
import java.time.Instant;

/**
 * The stable JSON form of a run, shared by {@code --json} output and the console's API (see
 * docs/cli.md): {@code {"runId","job","status","attempt","createdAt","startedAt","finishedAt",
 * "result","error"}}. Payloads are never included.
 */
public final class RunJson {
  private RunJson() {}

  /** The run with its result (as JSON) when it succeeded. */
  public static ObjectNode of(RunRecord run) {
    return of(run, true);
  }

  /** The run; list views leave the result out ({@code withResult} false) to stay small. */
  public static ObjectNode of(RunRecord run, boolean withResult) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("runId", run.id());
    node.put("job", run.job());
    node.put("status", run.status().name());
    node.put("attempt", run.attempt());
    node.put("createdAt", instant(run.createdAt()));
    node.put("startedAt", instant(run.startedAt()));
    node.put("finishedAt", instant(run.finishedAt()));
    if (withResult) {
      node.set("result", result(run));
      attempts(node, run);
    }
    if (run.error() == null) {
      node.putNull("error");
    } else {
      ObjectNode error = node.putObject("error");
      error.put("type", run.error().type());
      error.put("message", run.error().message());
    }
    return node;
  }

  // Each attempt's start, end and status, where the engine records them (one-run views only).
  private static void attempts(ObjectNode node, RunRecord run) {
    if (run.details().attempts().isEmpty()) {
      return;
    }
    ArrayNode attempts = node.putArray("attempts");
    for (AttemptSpan span : run.details().attempts()) {
      ObjectNode each = attempts.addObject();
      each.put("attempt", span.attempt());
      each.put("startedAt", instant(span.startedAt()));
      each.put("endedAt", instant(span.endedAt()));
      each.put("status", span.status() == null ? null : span.status().name());
    }
  }

  private static JsonNode result(RunRecord run) {
    if (run.resultJson() == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return JsonCodec.shared().readTree(run.resultJson());
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(run.resultJson());
    }
  }

  private static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
