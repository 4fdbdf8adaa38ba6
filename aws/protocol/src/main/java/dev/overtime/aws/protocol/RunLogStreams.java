package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.internal.JsonCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The invoker's answer to {@link InvokerQuery.LogStreams}: the CloudWatch Logs stream of every task
 * the run's attempts ran in, oldest first. The task definitions log with the {@code awslogs}
 * driver, stream prefix the job's name, so a task's stream is {@code <job>/<container>/<task id>}
 * in the stack's job log group (output {@code LogGroupName}).
 *
 * <pre>{@code
 * {"logStreams":{"runId":"01J…","job":"factorial","streams":[
 *   {"attempt":1,"taskId":"0f1e…","logStream":"factorial/job/0f1e…"}]}}
 * }</pre>
 *
 * @param runId the run
 * @param job its job
 * @param streams one per task started, oldest first; empty while the first start is pending
 */
public record RunLogStreams(String runId, String job, List<Stream> streams) {
  public RunLogStreams {
    streams = List.copyOf(streams);
  }

  /**
   * One task's stream.
   *
   * @param attempt the attempt the task ran
   * @param taskId the task's id (the last part of its ARN)
   * @param logStream its stream in the job log group
   */
  public record Stream(int attempt, String taskId, String logStream) {}

  /** The {@code awslogs} stream of a task: {@code <prefix>/<container>/<task id>}. */
  public static String streamOf(String streamPrefix, String container, String taskId) {
    return streamPrefix + "/" + container + "/" + taskId;
  }

  public byte[] toJsonBytes() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode body = root.putObject("logStreams").put("runId", runId).put("job", job);
    ArrayNode array = body.putArray("streams");
    for (Stream stream : streams) {
      array
          .addObject()
          .put("attempt", stream.attempt())
          .put("taskId", stream.taskId())
          .put("logStream", stream.logStream());
    }
    return JsonCodec.shared().encodeToBytes(root);
  }

  /**
   * Parses the answer.
   *
   * @throws InvokerProtocolException for an error answer, or bytes that are no such answer
   */
  public static RunLogStreams parse(byte[] json) {
    JsonNode root = RunPage.parseTree(json);
    RunPage.throwIfError(root);
    JsonNode body = root == null ? null : root.get("logStreams");
    if (body == null || !body.isObject() || !body.path("streams").isArray()) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "The invoker function's answer to log-streams is not a list of streams; check that"
              + " OVERTIME_INVOKER_FUNCTION names an invoker of this Overtime version.");
    }
    List<Stream> streams = new ArrayList<>();
    for (JsonNode stream : body.get("streams")) {
      streams.add(
          new Stream(
              stream.path("attempt").asInt(),
              stream.path("taskId").asText(),
              stream.path("logStream").asText()));
    }
    return new RunLogStreams(body.path("runId").asText(), body.path("job").asText(), streams);
  }
}
