package dev.overtime.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * The one writer and the one reader of the outcome document (docs/run-contract.md). The result
 * travels as JSON text: the bootstrap encodes it with the application's codec, and this class only
 * embeds it and copies it back out, so the contract needs no data binder.
 *
 * <pre>{@code
 * byte[] document = OutcomeDocument.write(outcome);
 * RunOutcome back = OutcomeDocument.read(document); // throws OutcomeDocumentException naming the bad field
 * }</pre>
 */
public final class OutcomeDocument {
  static final JsonFactory JSON = JsonFactory.builder().build();

  private OutcomeDocument() {}

  /** The document for this outcome, as UTF-8 JSON. */
  public static byte[] write(RunOutcome outcome) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("runId", outcome.runId());
      json.writeStringField("job", outcome.job());
      json.writeNumberField("attempt", outcome.attempt());
      json.writeStringField("status", outcome.status().name());
      json.writeFieldName("result");
      if (outcome.resultJson() == null) {
        json.writeNull();
      } else {
        // Copied token by token so that a malformed result fails here, in the writer, not in a
        // reader.
        try (JsonParser result = JSON.createParser(outcome.resultJson())) {
          if (result.nextToken() == null) {
            throw new IllegalArgumentException("resultJson is empty; pass \"null\" for no result");
          }
          json.copyCurrentStructure(result);
          if (result.nextToken() != null) {
            throw new IllegalArgumentException("resultJson holds more than one JSON value");
          }
        }
      }
      json.writeFieldName("error");
      if (outcome.error() == null) {
        json.writeNull();
      } else {
        json.writeStartObject();
        json.writeStringField("type", outcome.error().type());
        json.writeStringField("message", outcome.error().message());
        json.writeEndObject();
      }
      json.writeBooleanField("retryable", outcome.retryable());
      json.writeStringField("finishedAt", outcome.finishedAt().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the outcome document of run " + outcome.runId(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a document written by {@link #write}. Unknown fields are skipped (a newer bootstrap may
   * add some); a missing or mistyped field is an error, never a default.
   *
   * @throws OutcomeDocumentException saying which field is wrong
   */
  public static RunOutcome read(byte[] document) {
    String runId = null;
    String job = null;
    Integer attempt = null;
    Ending status = null;
    String resultJson = null;
    AttemptError error = null;
    Boolean retryable = null;
    Instant finishedAt = null;
    Set<String> seen = new HashSet<>();
    try (JsonParser json = JSON.createParser(document)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new OutcomeDocumentException("the outcome document is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        seen.add(field);
        switch (field) {
          case "runId" -> runId = text(json, field);
          case "job" -> job = text(json, field);
          case "attempt" -> {
            if (value != JsonToken.VALUE_NUMBER_INT) {
              throw wrong(field, "a whole number", value);
            }
            attempt = json.getIntValue();
          }
          case "status" -> {
            String name = text(json, field);
            try {
              status = Ending.valueOf(name);
            } catch (IllegalArgumentException e) {
              throw new OutcomeDocumentException(
                  "field 'status' of the outcome document is '"
                      + name
                      + "'; expected SUCCEEDED, FAILED, CANCELLED or TIMED_OUT");
            }
          }
          case "result" -> resultJson = value == JsonToken.VALUE_NULL ? null : copy(json);
          case "error" -> error = value == JsonToken.VALUE_NULL ? null : error(json);
          case "retryable" -> {
            if (!value.isBoolean()) {
              throw wrong(field, "true or false", value);
            }
            retryable = json.getBooleanValue();
          }
          case "finishedAt" -> {
            String text = text(json, field);
            try {
              finishedAt = Instant.parse(text);
            } catch (DateTimeParseException e) {
              throw new OutcomeDocumentException(
                  "field 'finishedAt' of the outcome document is '"
                      + text
                      + "'; expected an ISO-8601 instant such as 2026-11-27T07:00:00Z");
            }
          }
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new OutcomeDocumentException("the outcome document is not valid JSON: " + reason(e), e);
    }
    for (String required :
        new String[] {"runId", "job", "attempt", "status", "retryable", "finishedAt"}) {
      if (!seen.contains(required)) {
        throw new OutcomeDocumentException("the outcome document has no field '" + required + "'");
      }
    }
    if (status == Ending.SUCCEEDED && !seen.contains("result")) {
      throw new OutcomeDocumentException("the SUCCEEDED outcome document has no field 'result'");
    }
    if (status != Ending.SUCCEEDED) {
      resultJson = null;
    }
    try {
      return new RunOutcome(runId, job, attempt, status, resultJson, error, retryable, finishedAt);
    } catch (IllegalArgumentException e) {
      throw new OutcomeDocumentException(
          "the outcome document is inconsistent: " + e.getMessage(), e);
    }
  }

  private static AttemptError error(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      throw wrong("error", "an object {\"type\",\"message\"} or null", json.currentToken());
    }
    String type = null;
    String message = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "type" -> type = text(json, "error.type");
        case "message" ->
            message = value == JsonToken.VALUE_NULL ? "" : text(json, "error.message");
        default -> json.skipChildren();
      }
    }
    if (type == null) {
      throw new OutcomeDocumentException("field 'error' of the outcome document has no 'type'");
    }
    return new AttemptError(type, message);
  }

  private static String copy(JsonParser json) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator copy = JSON.createGenerator(text)) {
      copy.copyCurrentStructure(json);
    }
    return text.toString();
  }

  /** The parser's complaint without its multi-line location (the documents are one line). */
  static String reason(IOException e) {
    return e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
  }

  static String text(JsonParser json, String field) throws IOException {
    if (json.currentToken() != JsonToken.VALUE_STRING) {
      throw wrong(field, "a string", json.currentToken());
    }
    return json.getText();
  }

  static OutcomeDocumentException wrong(String field, String expected, JsonToken found) {
    return new OutcomeDocumentException(
        "field '" + field + "' of the document is " + describe(found) + "; expected " + expected);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "missing";
    }
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.toString();
    };
  }
}
