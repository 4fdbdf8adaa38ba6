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
import java.util.List;

/**
 * The stable JSON form of a run, shared by {@code --json} output and the console's API (see
 * docs/cli.md): {@code {"runId","job","status","attempt","createdAt","startedAt","finishedAt",
 * "startAt","expiresAt","result","error","progress","tags","priority","rerunOf"}}, {@code progress}
 * being {@code {"fraction","message","reportedAt"}} or null, {@code tags} a list of strings, {@code
 * rerunOf} the run this one re-runs or null. A run a schedule fired also has {@code "schedule"}
 * ({@code job#index}) and {@code "scheduledFor"} (the fire instant); other runs have neither field.
 * Payloads are never included.
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
    putWaiting(node, run);
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
    putProgress(node, run);
    ArrayNode tags = node.putArray("tags");
    run.details().tags().forEach(tags::add);
    queue(node, run);
    putSchedule(node, run);
    return node;
  }

  /**
   * The schedule that fired the run and the fire time it ran for; both absent for other runs, so
   * that a script can test for the field.
   */
  private static void putSchedule(ObjectNode node, RunRecord run) {
    run.details().schedule().ifPresent(schedule -> node.put("schedule", schedule));
    run.details()
        .scheduledFor()
        .ifPresent(scheduledFor -> node.put("scheduledFor", instant(scheduledFor)));
  }

  /** The run's place in the queue and the run it re-runs (null when it is not a re-run). */
  private static void queue(ObjectNode node, RunRecord run) {
    node.put("priority", run.details().priority());
    node.put("rerunOf", run.details().rerunOf().orElse(null));
  }

  /** {@code reruns}: the ids of the runs that re-run {@code node}'s run, oldest first. */
  public static ObjectNode withReruns(ObjectNode node, List<String> reruns) {
    ArrayNode array = node.putArray("reruns");
    reruns.forEach(array::add);
    return node;
  }

  /** The latest progress the handler reported, or null. */
  private static void putProgress(ObjectNode node, RunRecord run) {
    run.details()
        .progress()
        .ifPresentOrElse(
            progress -> {
              ObjectNode out = node.putObject("progress");
              out.put("fraction", progress.fraction());
              out.put("message", progress.message());
              out.put("reportedAt", instant(progress.reportedAt()));
            },
            () -> node.putNull("progress"));
  }

  /** When a delayed run starts and when an unstarted run expires; null when it has none. */
  private static void putWaiting(ObjectNode node, RunRecord run) {
    node.put("startAt", instant(run.details().startAt().orElse(null)));
    node.put("expiresAt", instant(run.details().expiresAt().orElse(null)));
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
