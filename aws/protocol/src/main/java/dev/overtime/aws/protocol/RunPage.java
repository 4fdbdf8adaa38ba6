package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The invoker's answer to {@link InvokerQuery.ListRuns}: runs newest first, each as {@code get}
 * answers it but without its result, and a continuation token.
 *
 * <pre>{@code
 * {"runs":[{"runId":"01J…","job":"factorial","status":"RUNNING","attempt":1,…}],"next":"…"}
 * }</pre>
 *
 * <p>A page may hold fewer runs than asked for, even none, and still have a {@code next}: the
 * invoker bounds the bucket reads of one invocation, and a filter may match few of the runs read.
 * {@code next} is null once no older run is left.
 *
 * @param runs the runs, newest first; {@code resultJson} is always null
 * @param next the token for the next (older) page, or null
 */
public record RunPage(List<RunRecord> runs, String next) {
  public RunPage {
    runs = List.copyOf(runs);
  }

  public byte[] toJsonBytes() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode array = root.putArray("runs");
    for (RunRecord run : runs) {
      array.add(
          parseTree(
                  InvokerAnswer.of(new InvokerAnswer.RunView(withoutResult(run), null))
                      .toJsonBytes())
              .get("run"));
    }
    root.put("next", next);
    return JsonCodec.shared().encodeToBytes(root);
  }

  /**
   * Parses a page.
   *
   * @throws InvokerProtocolException for an error answer (its code and message), or bytes that are
   *     no page
   */
  public static RunPage parse(byte[] json) {
    JsonNode root = parseTree(json);
    throwIfError(root);
    JsonNode runs = root == null ? null : root.get("runs");
    if (runs == null || !runs.isArray()) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "The invoker function's answer to list is not a page of runs; check that"
              + " OVERTIME_INVOKER_FUNCTION names an invoker of this Overtime version.");
    }
    List<RunRecord> records = new ArrayList<>();
    for (JsonNode run : runs) {
      ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
      wrapped.set("run", run);
      records.add(InvokerAnswer.parse(JsonCodec.shared().encodeToBytes(wrapped)).run().record());
    }
    JsonNode next = root.get("next");
    return new RunPage(records, next == null || next.isNull() ? null : next.asText());
  }

  /** Throws the error an answer carries, if it is one. */
  static void throwIfError(JsonNode root) {
    if (root != null && root.hasNonNull("error")) {
      JsonNode error = root.get("error");
      throw new InvokerProtocolException(
          InvokerErrorCode.fromWire(error.path("code").asText()), error.path("message").asText());
    }
  }

  static JsonNode parseTree(byte[] json) {
    try {
      return JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "The invoker function's answer is not JSON ("
              + e.getMessage()
              + "); check that OVERTIME_INVOKER_FUNCTION names the invoker deployed by 'overtime"
              + " deploy'.");
    }
  }

  private static RunRecord withoutResult(RunRecord run) {
    Objects.requireNonNull(run, "run");
    return new RunRecord(
        run.id(),
        run.job(),
        run.status(),
        run.attempt(),
        run.createdAt(),
        run.startedAt(),
        run.finishedAt(),
        null,
        run.error());
  }
}
