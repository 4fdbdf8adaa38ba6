package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read-only requests of the invoker that tools (the CLI, the console) send besides {@link
 * InvokerRequest}: they change no run and start nothing.
 *
 * <pre>{@code
 * {"action":"list","job":"factorial","status":"FAILED","limit":20,"next":"…"}
 * {"action":"log-streams","runId":"01J…"}
 * {"action":"reruns","runId":"01J…"}
 * }</pre>
 *
 * <p>{@code list} answers a {@link RunPage}: runs newest first, at most {@code limit} (1 to {@value
 * ListRuns#MAX_LIMIT}, default {@value ListRuns#DEFAULT_LIMIT}), and a continuation token when
 * there may be more. {@code log-streams} answers {@link RunLogStreams}: the CloudWatch Logs stream
 * of each task the run's attempts ran in. {@code reruns} answers {@link RunReruns}: the runs that
 * re-run the run, oldest first.
 */
public sealed interface InvokerQuery {
  /** The wire name of the list action. */
  String LIST = "list";

  /** The wire name of the log-streams action. */
  String LOG_STREAMS = "log-streams";

  /** The wire name of the reruns action. */
  String RERUNS = "reruns";

  /** The request as compact JSON bytes. */
  byte[] toJsonBytes();

  /**
   * Lists runs, newest first.
   *
   * @param job only runs of this job, or null
   * @param status only runs in this status (as recorded), or null
   * @param limit at most this many runs in the page
   * @param next the continuation token of the previous page, or null for the newest
   */
  record ListRuns(String job, RunStatus status, int limit, String next) implements InvokerQuery {
    /** The most runs one page holds: each is read from the bucket within one invocation. */
    public static final int MAX_LIMIT = 100;

    public static final int DEFAULT_LIMIT = 20;

    public ListRuns {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw bad("field 'limit' must be 1 to " + MAX_LIMIT + ", was " + limit);
      }
    }

    @Override
    public byte[] toJsonBytes() {
      ObjectNode node = JsonNodeFactory.instance.objectNode().put("action", LIST);
      if (job != null) {
        node.put("job", job);
      }
      if (status != null) {
        node.put("status", status.name());
      }
      node.put("limit", limit);
      if (next != null) {
        node.put("next", next);
      }
      return JsonCodec.shared().encodeToBytes(node);
    }
  }

  /**
   * The log streams of a run's tasks.
   *
   * @param runId the run
   */
  record LogStreams(String runId) implements InvokerQuery {
    @Override
    public byte[] toJsonBytes() {
      return JsonCodec.shared()
          .encodeToBytes(
              JsonNodeFactory.instance.objectNode().put("action", LOG_STREAMS).put("runId", runId));
    }
  }

  /**
   * The runs that re-run a run.
   *
   * @param runId the original run
   */
  record Reruns(String runId) implements InvokerQuery {
    @Override
    public byte[] toJsonBytes() {
      return JsonCodec.shared()
          .encodeToBytes(
              JsonNodeFactory.instance.objectNode().put("action", RERUNS).put("runId", runId));
    }
  }

  /**
   * The query in {@code json}, or empty when it is not one (another request or an event).
   *
   * @throws InvokerProtocolException with {@link InvokerErrorCode#BAD_REQUEST} for a query with a
   *     missing, unknown or mistyped field
   */
  static Optional<InvokerQuery> recognize(byte[] json) {
    JsonNode root;
    try {
      root = JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      return Optional.empty(); // InvokerRequest.parse says what is wrong with it
    }
    if (root == null || !root.isObject() || !root.path("action").isTextual()) {
      return Optional.empty();
    }
    String action = root.get("action").textValue();
    if (LIST.equals(action)) {
      only(root, Set.of("action", "job", "status", "limit", "next"));
      String job = text(root, "job");
      String status = text(root, "status");
      RunStatus parsed = null;
      if (status != null) {
        parsed =
            Arrays.stream(RunStatus.values())
                .filter(s -> s.name().equals(status.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(
                    () ->
                        bad(
                            "field 'status' is '"
                                + status
                                + "'; use one of "
                                + Arrays.toString(RunStatus.values())));
      }
      int limit = ListRuns.DEFAULT_LIMIT;
      JsonNode limitNode = root.get("limit");
      if (limitNode != null && !limitNode.isNull()) {
        if (!limitNode.isIntegralNumber()) {
          throw bad("field 'limit' must be a whole number, was " + limitNode);
        }
        limit = limitNode.asInt();
      }
      return Optional.of(new ListRuns(job, parsed, limit, text(root, "next")));
    }
    if (LOG_STREAMS.equals(action)) {
      only(root, Set.of("action", "runId"));
      String runId = text(root, "runId");
      if (runId == null || runId.isBlank()) {
        throw bad("field 'runId' is missing; a log-streams request names the run");
      }
      return Optional.of(new LogStreams(runId));
    }
    if (RERUNS.equals(action)) {
      only(root, Set.of("action", "runId"));
      String runId = text(root, "runId");
      if (runId == null || runId.isBlank()) {
        throw bad("field 'runId' is missing; a reruns request names the original run");
      }
      return Optional.of(new Reruns(runId));
    }
    return Optional.empty();
  }

  private static void only(JsonNode root, Set<String> fields) {
    TreeSet<String> unknown = new TreeSet<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!fields.contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      throw bad(
          "unknown field(s) "
              + unknown
              + " in a "
              + root.get("action").textValue()
              + " request; known fields: "
              + new TreeSet<>(fields));
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw bad("field '" + field + "' must be a string, was " + value.getNodeType());
    }
    return value.textValue();
  }

  private static InvokerProtocolException bad(String message) {
    return new InvokerProtocolException(InvokerErrorCode.BAD_REQUEST, message);
  }
}
