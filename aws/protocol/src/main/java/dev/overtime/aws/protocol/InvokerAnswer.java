package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.spi.Progress;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the invoker function answers: either a run or an error, never both.
 *
 * <pre>{@code
 * {"run":{"runId":"01J…","job":"factorial","status":"SUCCEEDED","attempt":1,
 *         "createdAt":"2026-11-27T07:00:00Z","startedAt":"2026-11-27T07:00:31Z",
 *         "finishedAt":"2026-11-27T07:00:40Z","result":3628800,"resultUri":null,"error":null}}
 * {"run":{"runId":"01J…","job":"factorial",…,"schedule":"factorial#0",
 *         "scheduledFor":"2026-11-27T01:30:00Z"}}       a run a schedule fired
 * {"error":{"code":"overtime.bad-request","message":"field 'job' is missing; …"}}
 * }</pre>
 *
 * <p>A result larger than {@link #INLINE_RESULT_LIMIT_BYTES} is not inlined: {@code resultUri}
 * names the outcome document in S3 instead, and the client reads it from there.
 *
 * @param run the run, or null
 * @param errorCode the error code, or null
 * @param errorMessage the error message, or null
 * @param runs the runs of a batch, in the order of its items; empty otherwise
 */
public record InvokerAnswer(
    RunView run, InvokerErrorCode errorCode, String errorMessage, List<RunView> runs) {

  public InvokerAnswer {
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  /** An answer about one run, or an error. */
  public InvokerAnswer(RunView run, InvokerErrorCode errorCode, String errorMessage) {
    this(run, errorCode, errorMessage, null);
  }

  /** The answer to a batch: its runs, in the order of its items. */
  public static InvokerAnswer ofAll(List<RunView> runs) {
    return new InvokerAnswer(null, null, null, runs);
  }

  /** Results up to this size travel in the answer; Lambda answers are limited to 6 MB. */
  public static final int INLINE_RESULT_LIMIT_BYTES = 4 * 1024 * 1024;

  public static InvokerAnswer of(RunView run) {
    return new InvokerAnswer(run, null, null);
  }

  public static InvokerAnswer error(InvokerErrorCode code, String message) {
    return new InvokerAnswer(null, code, message);
  }

  public boolean isError() {
    return errorCode != null;
  }

  /**
   * A run as the invoker reports it: the engine's own {@link RunRecord}, and where its result is
   * when it is too large to travel in the answer.
   *
   * @param record the run; its {@code resultJson} is null when {@code resultUri} is set
   * @param resultUri the {@code s3:} URI of the outcome document when the result is too large to
   *     inline, else null
   */
  public record RunView(RunRecord record, String resultUri) {
    public RunView {
      java.util.Objects.requireNonNull(record, "record");
    }
  }

  public byte[] toJsonBytes() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (isError()) {
      ObjectNode error = root.putObject("error");
      error.put("code", errorCode.code());
      error.put("message", errorMessage);
    } else if (run == null) {
      ArrayNode list = root.putArray("runs");
      runs.forEach(each -> write(list.addObject(), each));
    } else {
      write(root.putObject("run"), run);
    }
    return JsonCodec.shared().encodeToBytes(root);
  }

  private static void write(ObjectNode node, RunView run) {
    RunRecord record = run.record();
    node.put("runId", record.id());
    node.put("job", record.job());
    node.put("status", record.status().name());
    node.put("attempt", record.attempt());
    node.put("createdAt", record.createdAt().toString());
    node.put("startedAt", record.startedAt() == null ? null : record.startedAt().toString());
    node.put("finishedAt", record.finishedAt() == null ? null : record.finishedAt().toString());
    putWaiting(node, record);
    putSchedule(node, record);
    if (record.resultJson() == null) {
      node.putNull("result");
    } else {
      node.putRawValue("result", new RawValue(record.resultJson()));
    }
    node.put("resultUri", run.resultUri());
    if (record.error() == null) {
      node.putNull("error");
    } else {
      ObjectNode error = node.putObject("error");
      error.put("type", record.error().type());
      error.put("message", record.error().message());
    }
    if (!record.details().tags().isEmpty()) {
      ArrayNode tags = node.putArray("tags");
      record.details().tags().forEach(tags::add);
    }
    writeProgress(node, record);
    writeRunControl(node, record);
  }

  /**
   * Parses an answer.
   *
   * @throws InvokerProtocolException when the bytes are not an invoker answer (a wrong function
   *     name pointing at some other function, for example)
   */
  public static InvokerAnswer parse(byte[] json) {
    try {
      JsonNode root = JsonCodec.shared().readTree(json);
      if (root != null && root.hasNonNull("error")) {
        JsonNode error = root.get("error");
        return error(
            InvokerErrorCode.fromWire(error.path("code").asText()), error.path("message").asText());
      }
      if (root != null && root.has("runs") && root.get("runs").isArray()) {
        List<RunView> runs = new ArrayList<>();
        for (JsonNode each : root.get("runs")) {
          runs.add(view(each));
        }
        return ofAll(runs);
      }
      JsonNode run = root == null ? null : root.get("run");
      if (run == null || !run.isObject()) {
        throw new IllegalArgumentException("neither 'run' nor 'error' present");
      }
      return of(view(run));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "The invoker function's answer is "
              + "not an Overtime invoker answer ("
              + e.getMessage()
              + "). Check that OVERTIME_INVOKER_FUNCTION "
              + "names the invoker deployed by 'overtime deploy'.");
    }
  }

  private static RunView view(JsonNode run) {
    if (run == null || !run.isObject()) {
      throw new IllegalArgumentException("a run is not an object");
    }
    JsonNode error = run.get("error");
    JsonNode result = run.get("result");
    RunStatus status = RunStatus.valueOf(required(run, "status"));
    String resultUri = run.hasNonNull("resultUri") ? run.get("resultUri").asText() : null;
    String resultJson = null;
    if (status == RunStatus.SUCCEEDED && resultUri == null) {
      resultJson = result == null ? "null" : JsonCodec.shared().encode(result);
    }
    List<String> tags = new ArrayList<>();
    run.path("tags").forEach(tag -> tags.add(tag.asText()));
    RunRecord record =
        new RunRecord(
            required(run, "runId"),
            required(run, "job"),
            status,
            run.path("attempt").asInt(1),
            Instant.parse(required(run, "createdAt")),
            instant(run, "startedAt"),
            instant(run, "finishedAt"),
            resultJson,
            error == null || error.isNull()
                ? null
                : new RunError(error.path("type").asText(), error.path("message").asText()));
    if (!tags.isEmpty()) {
      record = record.withDetails(record.details().toBuilder().tags(tags).build());
    }
    record = withWaiting(run, record);
    record = withRunControl(run, record);
    record = withSchedule(run, record);
    return new RunView(readProgress(run, record), resultUri);
  }

  private static void writeProgress(ObjectNode node, RunRecord record) {
    Optional<RunProgress> progress = record.details().progress();
    if (progress.isEmpty()) {
      node.putNull("progress");
      return;
    }
    ObjectNode out = node.putObject("progress");
    out.put("fraction", progress.get().fraction());
    out.put("message", progress.get().message());
    out.put("reportedAt", progress.get().reportedAt().toString());
  }

  /** The record with the answer's progress; an invoker older than progress sends none. */
  private static RunRecord readProgress(JsonNode run, RunRecord record) {
    JsonNode progress = run.get("progress");
    if (progress == null || !progress.isObject()) {
      return record;
    }
    return Progress.attach(
        record,
        new RunProgress(
            progress.path("fraction").asDouble(),
            progress.path("message").asText(""),
            Instant.parse(required(progress, "reportedAt"))));
  }

  /**
   * The run's priority (when not 0), the run it re-runs (when it is a re-run) and its attempts'
   * spans (when known): {@code "priority":10,"rerunOf":"01J…","attempts":[{"attempt":1,
   * "startedAt":"…","endedAt":"…","status":"FAILED"},{"attempt":2,"startedAt":"…","endedAt":null,
   * "status":null}]}.
   */
  private static void writeRunControl(ObjectNode node, RunRecord record) {
    if (record.details().priority() != 0) {
      node.put("priority", record.details().priority());
    }
    record.details().rerunOf().ifPresent(original -> node.put("rerunOf", original));
    if (!record.details().attempts().isEmpty()) {
      ArrayNode attempts = node.putArray("attempts");
      for (AttemptSpan span : record.details().attempts()) {
        attempts
            .addObject()
            .put("attempt", span.attempt())
            .put("startedAt", span.startedAt().toString())
            .put("endedAt", span.endedAt() == null ? null : span.endedAt().toString())
            .put("status", span.status() == null ? null : span.status().name());
      }
    }
  }

  /** The record with the answer's priority, original and spans; older invokers send none. */
  private static RunRecord withRunControl(JsonNode run, RunRecord record) {
    JsonNode priority = run.get("priority");
    JsonNode rerunOf = run.get("rerunOf");
    JsonNode attempts = run.get("attempts");
    boolean hasPriority = priority != null && priority.isInt() && priority.asInt() != 0;
    boolean hasOriginal = rerunOf != null && rerunOf.isTextual();
    boolean hasAttempts = attempts != null && attempts.isArray() && !attempts.isEmpty();
    if (!hasPriority && !hasOriginal && !hasAttempts) {
      return record;
    }
    RunDetails.Builder details = record.details().toBuilder();
    if (hasPriority) {
      details.priority(priority.asInt());
    }
    if (hasOriginal) {
      details.rerunOf(rerunOf.asText());
    }
    if (hasAttempts) {
      List<AttemptSpan> spans = new ArrayList<>();
      for (JsonNode span : attempts) {
        String status = span.hasNonNull("status") ? span.get("status").asText() : null;
        spans.add(
            new AttemptSpan(
                span.path("attempt").asInt(),
                Instant.parse(required(span, "startedAt")),
                instant(span, "endedAt"),
                status == null ? null : RunStatus.valueOf(status)));
      }
      details.attempts(spans);
    }
    return record.withDetails(details.build());
  }

  /** A delayed or expiring run's start time and expiry, only when it has them. */
  private static void putWaiting(ObjectNode node, RunRecord record) {
    record.details().startAt().ifPresent(at -> node.put("startAt", at.toString()));
    record.details().expiresAt().ifPresent(at -> node.put("expiresAt", at.toString()));
  }

  private static RunRecord withWaiting(JsonNode run, RunRecord record) {
    Instant startAt = instant(run, "startAt");
    Instant expiresAt = instant(run, "expiresAt");
    if (startAt == null && expiresAt == null) {
      return record;
    }
    return record.withDetails(
        record.details().toBuilder().startAt(startAt).expiresAt(expiresAt).build());
  }

  /** The schedule that fired the run and its fire time, only for a run a schedule fired. */
  private static void putSchedule(ObjectNode node, RunRecord record) {
    record.details().schedule().ifPresent(schedule -> node.put("schedule", schedule));
    record.details().scheduledFor().ifPresent(at -> node.put("scheduledFor", at.toString()));
  }

  private static RunRecord withSchedule(JsonNode run, RunRecord record) {
    Instant scheduledFor = instant(run, "scheduledFor");
    if (!run.hasNonNull("schedule") || scheduledFor == null) {
      return record;
    }
    return record.withDetails(
        record.details().toBuilder().schedule(run.get("schedule").asText(), scheduledFor).build());
  }

  private static String required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'run." + field + "' missing");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : Instant.parse(value.asText());
  }
}
