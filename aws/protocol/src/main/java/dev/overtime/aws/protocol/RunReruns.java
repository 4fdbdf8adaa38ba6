package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.internal.JsonCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The invoker's answer to {@link InvokerQuery.Reruns}: the runs that re-run a run ({@code rerun}),
 * oldest first, so that the original can show them ("Re-run as" in {@code overtime status}).
 *
 * <pre>{@code
 * {"reruns":{"runId":"01J…","reruns":["01J…","01J…"]}}
 * }</pre>
 *
 * @param runId the original run
 * @param reruns the ids of its re-runs, oldest first; empty when it has none
 */
public record RunReruns(String runId, List<String> reruns) {
  public RunReruns {
    reruns = List.copyOf(reruns);
  }

  public byte[] toJsonBytes() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode body = root.putObject("reruns").put("runId", runId);
    ArrayNode array = body.putArray("reruns");
    reruns.forEach(array::add);
    return JsonCodec.shared().encodeToBytes(root);
  }

  /**
   * Parses the answer.
   *
   * @throws InvokerProtocolException for an error answer, or bytes that are no such answer
   */
  public static RunReruns parse(byte[] json) {
    JsonNode root = RunPage.parseTree(json);
    RunPage.throwIfError(root);
    JsonNode body = root == null ? null : root.get("reruns");
    if (body == null || !body.isObject() || !body.path("reruns").isArray()) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "The invoker function's answer to reruns is not a list of runs; check that"
              + " OVERTIME_INVOKER_FUNCTION names an invoker of this Overtime version.");
    }
    List<String> reruns = new ArrayList<>();
    body.get("reruns").forEach(id -> reruns.add(id.asText()));
    return new RunReruns(body.path("runId").asText(), reruns);
  }
}
