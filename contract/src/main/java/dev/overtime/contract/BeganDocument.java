package dev.overtime.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The tiny document the bootstrap writes to {@code OVERTIME_BEGAN_URI} just before it calls the
 * handler: {@code {"runId":"…","attempt":1,"beganAt":"2026-11-27T07:00:00Z"}}. Its absence proves
 * the handler of that attempt never began, so the attempt may be started again without running the
 * job twice (see {@link AttemptLifecycle}).
 */
public final class BeganDocument {
  private BeganDocument() {}

  /** The document for this attempt. */
  public static byte[] write(String runId, int attempt, Instant beganAt) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = OutcomeDocument.JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("runId", runId);
      json.writeNumberField("attempt", attempt);
      json.writeStringField("beganAt", beganAt.toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Whether {@code document} records that this attempt of this run began.
   *
   * @throws OutcomeDocumentException when it is not a began document
   */
  public static boolean isOf(byte[] document, String runId, int attempt) {
    String foundRunId = null;
    Integer foundAttempt = null;
    try (JsonParser json = OutcomeDocument.JSON.createParser(document)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new OutcomeDocumentException("the began document is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("runId")) {
          foundRunId = OutcomeDocument.text(json, "runId");
        } else if (field.equals("attempt")) {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw OutcomeDocument.wrong("attempt", "a whole number", value);
          }
          foundAttempt = json.getIntValue();
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new OutcomeDocumentException(
          "the began document is not valid JSON: " + OutcomeDocument.reason(e), e);
    }
    if (foundRunId == null || foundAttempt == null) {
      throw new OutcomeDocumentException("the began document needs 'runId' and 'attempt'");
    }
    return foundRunId.equals(runId) && foundAttempt == attempt;
  }
}
