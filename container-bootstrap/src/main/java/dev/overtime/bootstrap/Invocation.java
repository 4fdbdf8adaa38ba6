package dev.overtime.bootstrap;

import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.internal.BlobStores;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The run contract as this process received it in its environment (docs/run-contract.md). Only
 * {@code OVERTIME_JOB} and one of {@code OVERTIME_PAYLOAD} / {@code OVERTIME_PAYLOAD_URI} are
 * required, so a run can be started by hand for debugging; without {@code OVERTIME_RESULT_URI} the
 * outcome is printed to standard output.
 */
record Invocation(
    String job,
    String runId,
    int attempt,
    String payloadJson,
    Instant deadline,
    URI resultUri,
    URI beganUri,
    URI progressUri) {

  /** The run id used when {@code OVERTIME_RUN_ID} is unset. */
  static final String MANUAL_RUN_ID = "manual";

  /** Reads everything but the payload, which may be large and is read by {@link #withPayload}. */
  static Invocation read(Map<String, String> env) throws BadInvocationException {
    String job = env.get(RunContract.JOB);
    if (job == null || job.isBlank()) {
      throw new BadInvocationException(
          ErrorCode.BAD_INVOCATION,
          RunContract.JOB
              + " is not set; set it to the name of a job on the classpath (run with --list to see"
              + " them)");
    }
    String runId = env.getOrDefault(RunContract.RUN_ID, MANUAL_RUN_ID);
    int attempt = 1;
    String attemptText = env.get(RunContract.ATTEMPT);
    if (attemptText != null) {
      try {
        attempt = Integer.parseInt(attemptText.trim());
      } catch (NumberFormatException e) {
        attempt = 0;
      }
      if (attempt < 1) {
        throw new BadInvocationException(
            ErrorCode.BAD_INVOCATION,
            RunContract.ATTEMPT + " must be a whole number from 1, was '" + attemptText + "'");
      }
    }
    Instant deadline = null;
    String deadlineText = env.get(RunContract.DEADLINE);
    if (deadlineText != null && !deadlineText.isBlank()) {
      try {
        deadline = Instant.parse(deadlineText.trim());
      } catch (DateTimeParseException e) {
        throw new BadInvocationException(
            ErrorCode.BAD_INVOCATION,
            RunContract.DEADLINE
                + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, was '"
                + deadlineText
                + "'");
      }
    }
    URI resultUri = uri(env, RunContract.RESULT_URI);
    URI beganUri = uri(env, RunContract.BEGAN_URI);
    URI progressUri = uri(env, RunContract.PROGRESS_URI);
    return new Invocation(
        job.trim(), runId, attempt, null, deadline, resultUri, beganUri, progressUri);
  }

  /** This invocation with its payload read from the variable or the URI. */
  Invocation withPayload(Map<String, String> env) throws BadInvocationException {
    String inline = env.get(RunContract.PAYLOAD);
    URI payloadUri = uri(env, RunContract.PAYLOAD_URI);
    if (inline != null && payloadUri != null) {
      throw new BadInvocationException(
          ErrorCode.BAD_INVOCATION,
          "both "
              + RunContract.PAYLOAD
              + " and "
              + RunContract.PAYLOAD_URI
              + " are set; set only one");
    }
    if (inline == null && payloadUri == null) {
      throw new BadInvocationException(
          ErrorCode.BAD_INVOCATION,
          "neither "
              + RunContract.PAYLOAD
              + " nor "
              + RunContract.PAYLOAD_URI
              + " is set; pass the payload JSON in one of them");
    }
    String json = inline;
    if (payloadUri != null) {
      try {
        json = new String(BlobStores.forUri(payloadUri).read(payloadUri), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new BadInvocationException(
            ErrorCode.BAD_INVOCATION,
            "cannot read the payload from " + RunContract.PAYLOAD_URI + "=" + payloadUri + ": " + e,
            e);
      }
    }
    return new Invocation(job, runId, attempt, json, deadline, resultUri, beganUri, progressUri);
  }

  private static URI uri(Map<String, String> env, String name) throws BadInvocationException {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(text.trim());
      if (uri.getScheme() == null) {
        throw new URISyntaxException(text, "no scheme such as file: or s3:");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BadInvocationException(
          ErrorCode.BAD_INVOCATION,
          name
              + " is not a URI ("
              + e.getMessage()
              + "); use e.g. file:/tmp/outcome.json or s3://bucket/key");
    }
  }
}
