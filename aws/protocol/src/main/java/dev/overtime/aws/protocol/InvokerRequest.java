package dev.overtime.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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
 * }</pre>
 *
 * <p>{@code job} is required for {@code run} and optional (but checked when present) for {@code
 * get} and {@code cancel}. Exactly one of {@code payload} and {@code payloadUri} is given for
 * {@code run}; {@code timeoutSeconds}, {@code idempotencyKey}, {@code startAt} (a delayed run) and
 * {@code timeToLiveMillis} (an expiring run) are optional.
 *
 * @param action what to do
 * @param job the job name, or null
 * @param runId the run id (get, cancel), or null
 * @param payload the payload JSON inline, or null
 * @param payloadUri the {@code s3:} URI of the payload, or null
 * @param timeoutSeconds the run's timeout, or null for the job's declared one
 * @param idempotencyKey the idempotency key, or null
 * @param startAt when a delayed run may start, or null for at once
 * @param timeToLiveMillis how long the run may wait to start before it expires, or null
 */
public record InvokerRequest(
    InvokerAction action,
    String job,
    String runId,
    JsonNode payload,
    String payloadUri,
    Long timeoutSeconds,
    String idempotencyKey,
    Instant startAt,
    Long timeToLiveMillis) {

  private static final Set<String> FIELDS =
      Set.of(
          "action",
          "job",
          "runId",
          "payload",
          "payloadUri",
          "timeoutSeconds",
          "idempotencyKey",
          "startAt",
          "timeToLiveMillis");

  /** A request without a start time or time to live. */
  public InvokerRequest(
      InvokerAction action,
      String job,
      String runId,
      JsonNode payload,
      String payloadUri,
      Long timeoutSeconds,
      String idempotencyKey) {
    this(action, job, runId, payload, payloadUri, timeoutSeconds, idempotencyKey, null, null);
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
        startAt,
        timeToLiveMillis);
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

  /** The request as compact JSON bytes, without absent fields. */
  public byte[] toJsonBytes() {
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
    return JsonCodec.shared().encodeToBytes(node);
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
      throw bad("field 'action' is missing; use one of run, get, cancel");
    }
    InvokerAction action =
        Arrays.stream(InvokerAction.values())
            .filter(candidate -> candidate.wireName().equals(actionText))
            .findFirst()
            .orElseThrow(
                () -> bad("field 'action' is '" + actionText + "'; use one of run, get, cancel"));
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
          || timeToLiveMillis != null) {
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
        startAt,
        timeToLiveMillis);
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
        + "}";
  }
}
