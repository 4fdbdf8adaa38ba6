package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.ScheduledFire;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request to the invoker function. The JSON forms (docs/aws.md):
 *
 * <pre>{@code
 * {"action":"run","job":"factorial","payload":{"num":10},"timeoutSeconds":3600,"idempotencyKey":"order-42"}
 * {"action":"run","job":"factorial","payloadUri":"s3://bucket/overtime/payloads/01J….json","timeoutSeconds":3600}
 * {"action":"run","job":"report","payload":{},"startAt":"2026-12-24T18:00:00Z","timeToLiveMillis":3600000}
 * {"action":"get","job":"factorial","runId":"01J…"}
 * {"action":"cancel","job":"factorial","runId":"01J…"}
 * {"action":"batch","items":[{"job":"factorial","payload":{"num":1},"idempotencyKey":"a","tags":["t"]}, …]}
 * {"action":"run","job":"report","payload":{},"priority":10}
 * {"action":"rerun","runId":"01J…","idempotencyKey":"overtime-generated-…"}
 * {"action":"reschedule","job":"report","runId":"01J…","startAt":"2026-12-24T18:00:00Z"}
 * }</pre>
 *
 * <p>{@code job} is required for {@code run} and optional (but checked when present) for {@code
 * get} and {@code cancel}. Exactly one of {@code payload} and {@code payloadUri} is given for
 * {@code run}; {@code timeoutSeconds}, {@code idempotencyKey}, {@code tags}, {@code startAt} (a
 * delayed run) and {@code timeToLiveMillis} (an expiring run) are optional. A {@code batch} carries
 * only {@code items}: 1 to {@value #MAX_BATCH_ITEMS} run requests without {@code action}, answered
 * with the runs in the same order. {@code priority} ({@link RunOptions#MIN_PRIORITY} to {@link
 * RunOptions#MAX_PRIORITY}, default 0) orders the runs of a job with a concurrency limit that wait
 * for a slot. A {@code rerun} names the run whose stored payload a new run of the same job gets
 * ({@code job} optional but checked, {@code idempotencyKey} optional). with the runs in the same
 * order. A {@code reschedule} names the run and its new {@code startAt}. An {@code idempotencyKey}
 * starting with {@value ScheduledFire#KEY_PREFIX} is refused: those keys are the fires of the
 * stack's schedules, which only the scheduler starts.
 *
 * @param action what to do
 * @param job the job name, or null
 * @param runId the run id (get, cancel), or null
 * @param payload the payload JSON inline, or null
 * @param payloadUri the {@code s3:} URI of the payload, or null
 * @param timeoutSeconds the run's timeout, or null for the job's declared one
 * @param idempotencyKey the idempotency key, or null
 * @param tags the run's tags (run), empty for none
 * @param items the run requests of a batch, empty for other actions
 * @param startAt when a delayed run may start, or null for at once
 * @param timeToLiveMillis how long the run may wait to start before it expires, or null
 * @param priority the run's queue priority (run), or null for the default 0
 */
public record InvokerRequest(
    InvokerAction action,
    String job,
    String runId,
    JsonNode payload,
    String payloadUri,
    Long timeoutSeconds,
    String idempotencyKey,
    List<String> tags,
    List<InvokerRequest> items,
    Instant startAt,
    Long timeToLiveMillis,
    Integer priority) {

  /** Most runs one batch request carries; a larger batch takes several invocations. */
  public static final int MAX_BATCH_ITEMS = 1000;

  private static final Set<String> FIELDS =
      Set.of(
          "action",
          "job",
          "runId",
          "payload",
          "payloadUri",
          "timeoutSeconds",
          "idempotencyKey",
          "tags",
          "items",
          "startAt",
          "timeToLiveMillis",
          "priority");

  public InvokerRequest {
    tags = tags == null ? List.of() : List.copyOf(tags);
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** A request without a priority. */
  public InvokerRequest(
      InvokerAction action,
      String job,
      String runId,
      JsonNode payload,
      String payloadUri,
      Long timeoutSeconds,
      String idempotencyKey,
      List<String> tags,
      List<InvokerRequest> items,
      Instant startAt,
      Long timeToLiveMillis) {
    this(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        tags,
        items,
        startAt,
        timeToLiveMillis,
        null);
  }

  /** A request without tags, items, a start time or a time to live. */
  public InvokerRequest(
      InvokerAction action,
      String job,
      String runId,
      JsonNode payload,
      String payloadUri,
      Long timeoutSeconds,
      String idempotencyKey) {
    this(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        null,
        null,
        null,
        null);
  }

  /** This run request with {@code tags}. */
  public InvokerRequest withTags(List<String> tags) {
    return new InvokerRequest(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        tags,
        items,
        startAt,
        timeToLiveMillis,
        priority);
  }

  /** This run request, delayed to {@code startAt} and expiring after {@code timeToLiveMillis}. */
  public InvokerRequest withWaiting(Instant startAt, Long timeToLiveMillis) {
    return new InvokerRequest(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        tags,
        items,
        startAt,
        timeToLiveMillis,
        priority);
  }

  /**
   * This run request with queue priority {@code priority} ({@link RunOptions#priority()}); 0 is the
   * default and is not sent.
   */
  public InvokerRequest withPriority(int priority) {
    return new InvokerRequest(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        tags,
        items,
        startAt,
        timeToLiveMillis,
        priority == 0 ? null : priority);
  }

  /**
   * A {@code rerun} request: a new run with the stored payload of run {@code runId}.
   *
   * @param job the run's job, checked by the invoker, or null
   * @param idempotencyKey the key of this re-run (a retried call starts one re-run), or null
   */
  public static InvokerRequest rerun(String job, String runId, String idempotencyKey) {
    return new InvokerRequest(
        InvokerAction.RERUN, job, runId, null, null, null, idempotencyKey, null, null, null, null);
  }

  /** A {@code batch} request of run requests ({@link #runInline}, {@link #runFromUri}). */
  public static InvokerRequest batch(List<InvokerRequest> items) {
    return new InvokerRequest(
        InvokerAction.BATCH, null, null, null, null, null, null, null, items, null, null);
  }

  /** A {@code run} request with the payload inline. */
  public static InvokerRequest runInline(
      String job, JsonNode payload, Long timeoutSeconds, String idempotencyKey) {
    return new InvokerRequest(
        InvokerAction.RUN, job, null, payload, null, timeoutSeconds, idempotencyKey);
  }

  /** A {@code run} request whose payload was uploaded to {@code payloadUri}. */
  public static InvokerRequest runFromUri(
      String job, String payloadUri, Long timeoutSeconds, String idempotencyKey) {
    return new InvokerRequest(
        InvokerAction.RUN, job, null, null, payloadUri, timeoutSeconds, idempotencyKey);
  }

  public static InvokerRequest get(String job, String runId) {
    return new InvokerRequest(InvokerAction.GET, job, runId, null, null, null, null);
  }

  public static InvokerRequest cancel(String job, String runId) {
    return new InvokerRequest(InvokerAction.CANCEL, job, runId, null, null, null, null);
  }

  /**
   * A {@code reschedule} request: run {@code runId} (of {@code job}, if not null) starts at {@code
   * startAt}.
   */
  public static InvokerRequest reschedule(String job, String runId, Instant startAt) {
    return new InvokerRequest(
        InvokerAction.RESCHEDULE, job, runId, null, null, null, null, null, null, startAt, null);
  }

  /** The request as compact JSON bytes, without absent fields. */
  public byte[] toJsonBytes() {
    return JsonCodec.shared().encodeToBytes(toNode());
  }

  private ObjectNode toNode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("action", action.wireName());
    if (job != null) {
      node.put("job", job);
    }
    if (runId != null) {
      node.put("runId", runId);
    }
    if (payload != null) {
      node.set("payload", payload);
    }
    if (payloadUri != null) {
      node.put("payloadUri", payloadUri);
    }
    if (timeoutSeconds != null) {
      node.put("timeoutSeconds", timeoutSeconds);
    }
    if (idempotencyKey != null) {
      node.put("idempotencyKey", idempotencyKey);
    }
    if (startAt != null) {
      node.put("startAt", startAt.toString());
    }
    if (timeToLiveMillis != null) {
      node.put("timeToLiveMillis", timeToLiveMillis);
    }
    if (priority != null) {
      node.put("priority", priority);
    }
    if (!tags.isEmpty()) {
      ArrayNode array = node.putArray("tags");
      tags.forEach(array::add);
    }
    if (action == InvokerAction.BATCH) {
      ArrayNode array = node.putArray("items");
      for (InvokerRequest item : items) {
        ObjectNode itemNode = item.toNode();
        itemNode.remove("action");
        array.add(itemNode);
      }
    }
    return node;
  }

  /**
   * Parses and checks a request.
   *
   * @throws InvokerProtocolException with {@link InvokerErrorCode#BAD_REQUEST} naming the field and
   *     the fix
   */
  public static InvokerRequest parse(byte[] json) {
    JsonNode root;
    try {
      root = JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      throw bad(
          "the request is not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); send an object such as {\"action\":\"get\",\"runId\":\"01J…\"}");
    }
    if (root == null || !root.isObject()) {
      throw bad(
          "the request must be a JSON object such as {\"action\":\"get\",\"runId\":\"01J…\"}, not "
              + (root == null
                  ? "nothing"
                  : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return parse(root);
  }

  private static InvokerRequest parse(JsonNode root) {
    TreeSet<String> unknown = new TreeSet<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      throw bad("unknown field(s) " + unknown + "; known fields: " + new TreeSet<>(FIELDS));
    }
    String actionText = text(root, "action");
    if (actionText == null) {
      throw bad("field 'action' is missing; use one of " + actions());
    }
    InvokerAction action =
        Arrays.stream(InvokerAction.values())
            .filter(candidate -> candidate.wireName().equals(actionText))
            .findFirst()
            .orElseThrow(
                () -> bad("field 'action' is '" + actionText + "'; use one of " + actions()));
    if (action == InvokerAction.BATCH) {
      return parseBatch(root);
    }
    if (root.has("items")) {
      throw bad("field 'items' is allowed only in a batch request");
    }
    String job = text(root, "job");
    String runId = text(root, "runId");
    JsonNode payload = root.get("payload");
    String payloadUri = text(root, "payloadUri");
    String idempotencyKey = text(root, "idempotencyKey");
    Long timeoutSeconds = null;
    JsonNode timeout = root.get("timeoutSeconds");
    if (timeout != null && !timeout.isNull()) {
      if (!timeout.canConvertToExactIntegral() || !timeout.isNumber() || timeout.asLong() <= 0) {
        throw bad(
            "field 'timeoutSeconds' must be a positive whole number of seconds, was " + timeout);
      }
      timeoutSeconds = timeout.asLong();
    }
    Instant startAt = null;
    String startAtText = text(root, "startAt");
    if (startAtText != null) {
      try {
        startAt = Instant.parse(startAtText);
      } catch (DateTimeParseException e) {
        throw bad(
            "field 'startAt' must be an ISO-8601 UTC instant such as \"2026-12-24T18:00:00Z\", was"
                + " '"
                + startAtText
                + "'");
      }
    }
    Long timeToLiveMillis = null;
    JsonNode ttl = root.get("timeToLiveMillis");
    if (ttl != null && !ttl.isNull()) {
      if (!ttl.canConvertToExactIntegral() || !ttl.isNumber() || ttl.asLong() <= 0) {
        throw bad(
            "field 'timeToLiveMillis' must be a positive whole number of milliseconds, e.g."
                + " 3600000, was "
                + ttl);
      }
      timeToLiveMillis = ttl.asLong();
    }
    Integer priority = priority(root);
    if (action == InvokerAction.RUN) {
      if (job == null || job.isBlank()) {
        throw bad(
            "field 'job' is missing; a run request names the job to start, e.g."
                + " \"job\":\"factorial\"");
      }
      if (runId != null) {
        throw bad("field 'runId' is not allowed in a run request; the invoker assigns run ids");
      }
      boolean inline = payload != null && !payload.isMissingNode();
      if (inline == (payloadUri != null)) {
        throw bad(
            "a run request needs exactly one of 'payload' (the payload JSON) and 'payloadUri' "
                + "(an s3:// URI of an uploaded payload)");
      }
      if (payloadUri != null && !payloadUri.startsWith("s3://")) {
        throw bad("field 'payloadUri' must be an s3:// URI, was '" + payloadUri + "'");
      }
      if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
        throw bad("field 'idempotencyKey' must be 1 to 200 characters");
      }
      refuseReservedKey(idempotencyKey);
    } else if (action == InvokerAction.RERUN) {
      refuseReservedKey(idempotencyKey);
      checkRerun(root, runId, idempotencyKey);
    } else if (action == InvokerAction.RESCHEDULE) {
      checkReschedule(root, runId, startAt);
    } else if (root.has("tags")) {
      throw bad("a " + action.wireName() + " request takes only 'action', 'runId' and 'job'");
    } else {
      if (runId == null || runId.isBlank()) {
        throw bad(
            "field 'runId' is missing; a "
                + action.wireName()
                + " request names the run, e.g. \"runId\":\"01J…\"");
      }
      if (payload != null
          || payloadUri != null
          || timeoutSeconds != null
          || idempotencyKey != null
          || startAt != null
          || timeToLiveMillis != null
          || priority != null) {
        throw bad("a " + action.wireName() + " request takes only 'action', 'runId' and 'job'");
      }
    }
    return new InvokerRequest(
        action,
        job,
        runId,
        payload,
        payloadUri,
        timeoutSeconds,
        idempotencyKey,
        tags(root),
        null,
        startAt,
        timeToLiveMillis,
        priority);
  }

  /** A rerun names the run; it takes its payload, timeout and priority from that run. */
  private static void checkRerun(JsonNode root, String runId, String idempotencyKey) {
    if (runId == null || runId.isBlank()) {
      throw bad(
          "field 'runId' is missing; a rerun request names the run to run again, e.g."
              + " \"runId\":\"01J…\"");
    }
    for (String field :
        List.of("payload", "payloadUri", "timeoutSeconds", "startAt", "timeToLiveMillis", "tags")) {
      if (root.has(field)) {
        throw bad(
            "field '"
                + field
                + "' is not allowed in a rerun request: the new run gets the stored payload,"
                + " timeout and priority of the original; a rerun takes only 'action', 'runId',"
                + " 'job' and 'idempotencyKey'");
      }
    }
    if (root.has("priority")) {
      throw bad(
          "field 'priority' is not allowed in a rerun request: the new run keeps the original's"
              + " priority; a rerun takes only 'action', 'runId', 'job' and 'idempotencyKey'");
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw bad("field 'idempotencyKey' must be 1 to 200 characters");
    }
  }

  /** The {@code priority} field: a whole number within the bounds of {@code RunOptions}. */
  private static Integer priority(JsonNode root) {
    JsonNode value = root.get("priority");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.asInt() < RunOptions.MIN_PRIORITY
        || value.asInt() > RunOptions.MAX_PRIORITY) {
      throw bad(
          "field 'priority' must be a whole number from "
              + RunOptions.MIN_PRIORITY
              + " to "
              + RunOptions.MAX_PRIORITY
              + " (higher starts first), was "
              + value);
    }
    return value.asInt();
  }

  /** The wire names of the actions, for messages: {@code run, get, cancel, batch, reschedule}. */
  private static String actions() {
    return String.join(
        ", ", Arrays.stream(InvokerAction.values()).map(InvokerAction::wireName).toList());
  }

  /**
   * Only the stack's schedules start fires: a client's key with the fires' prefix could forge one
   * (or take a fire's run), so it is refused, as {@code RunOptions} refuses it in the application.
   */
  private static void refuseReservedKey(String idempotencyKey) {
    if (ScheduledFire.isReserved(idempotencyKey)) {
      throw bad(
          "field 'idempotencyKey' starts with '"
              + ScheduledFire.KEY_PREFIX
              + "', which is reserved for the fires of @Schedule (only the stack's schedules start"
              + " them); choose another key, e.g. \"order-42\"");
    }
  }

  /** A reschedule names the run and its new start time, and nothing else. */
  private static void checkReschedule(JsonNode root, String runId, Instant startAt) {
    if (runId == null || runId.isBlank()) {
      throw bad(
          "field 'runId' is missing; a reschedule request names the run, e.g."
              + " \"runId\":\"01J…\"");
    }
    if (startAt == null) {
      throw bad(
          "field 'startAt' is missing; a reschedule request gives the new start time, e.g."
              + " \"startAt\":\"2026-12-24T18:00:00Z\"");
    }
    for (String field :
        List.of("payload", "payloadUri", "timeoutSeconds", "idempotencyKey", "tags")) {
      if (root.hasNonNull(field)) {
        throw bad(
            "a reschedule request takes only 'action', 'runId', 'job' and 'startAt', not '"
                + field
                + "'");
      }
    }
    if (root.hasNonNull("timeToLiveMillis")) {
      throw bad(
          "a reschedule request takes only 'action', 'runId', 'job' and 'startAt', not"
              + " 'timeToLiveMillis' (a run's time to live counts again from its new start time)");
    }
  }

  private static InvokerRequest parseBatch(JsonNode root) {
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("action") && !name.equals("items")) {
                throw bad("a batch request takes only 'action' and 'items', not '" + name + "'");
              }
            });
    JsonNode items = root.get("items");
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BATCH_ITEMS) {
      throw bad(
          "field 'items' of a batch request must be an array of 1 to "
              + MAX_BATCH_ITEMS
              + " run requests");
    }
    List<InvokerRequest> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isObject() || item.has("action") || item.has("items")) {
        throw bad(
            "items["
                + i
                + "] must be a run request without 'action', such as"
                + " {\"job\":\"factorial\",\"payload\":{\"num\":1}}");
      }
      ObjectNode run = ((ObjectNode) item).deepCopy();
      run.put("action", InvokerAction.RUN.wireName());
      try {
        parsed.add(parse(run));
      } catch (InvokerProtocolException e) {
        throw bad("items[" + i + "]: " + e.getMessage() + "; nothing of the batch was started");
      }
    }
    return batch(parsed);
  }

  private static List<String> tags(JsonNode root) {
    JsonNode value = root.get("tags");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw bad("field 'tags' must be an array of strings, such as [\"customer:42\"]");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        throw bad("field 'tags' must be an array of strings, such as [\"customer:42\"]");
      }
      tags.add(tag.textValue());
    }
    try {
      // The same rules as RunOptions.tags: the message names the bad tag.
      return RunOptions.builder().tags(tags).build().tags();
    } catch (IllegalArgumentException e) {
      throw bad("field " + e.getMessage());
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw bad(
          "field '"
              + field
              + "' must be a string, was "
              + value.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return value.textValue();
  }

  private static InvokerProtocolException bad(String message) {
    return new InvokerProtocolException(InvokerErrorCode.BAD_REQUEST, message);
  }

  /** The request as JSON text, for logs; the payload is never included. */
  @Override
  public String toString() {
    return "InvokerRequest{action="
        + action.wireName()
        + ", job="
        + job
        + ", runId="
        + runId
        + (payload != null ? ", payload=<inline>" : "")
        + (payloadUri != null ? ", payloadUri=" + payloadUri : "")
        + ", timeoutSeconds="
        + timeoutSeconds
        + ", idempotencyKey="
        + (idempotencyKey == null ? null : "<set>")
        + (tags.isEmpty() ? "" : ", tags=" + tags)
        + (priority == null ? "" : ", priority=" + priority)
        + (items.isEmpty() ? "" : ", items=" + items.size())
        + "}";
  }
}
