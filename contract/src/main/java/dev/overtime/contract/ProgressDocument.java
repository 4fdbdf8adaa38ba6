package dev.overtime.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The small document the bootstrap keeps at {@code OVERTIME_PROGRESS_URI}, replaced whole each time
 * the handler's progress is stored: {@code
 * {"runId":"…","attempt":1,"fraction":0.42,"message":"frame 42 of 100","reportedAt":"…"}}. One
 * writer and one reader, like {@link OutcomeDocument}.
 *
 * <p>Progress is advisory: a reader that finds a broken or foreign document reads "no progress" (
 * {@link #read} returns empty) instead of failing the status query it serves.
 */
public final class ProgressDocument {
  /** The progress of one attempt, as its handler last reported it. */
  public record Report(
      String runId, int attempt, double fraction, String message, Instant reportedAt) {}

  private ProgressDocument() {}

  /** The document for this report. */
  public static byte[] write(Report report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
    try (JsonGenerator json = OutcomeDocument.JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("runId", report.runId());
      json.writeNumberField("attempt", report.attempt());
      json.writeNumberField("fraction", report.fraction());
      json.writeStringField("message", report.message() == null ? "" : report.message());
      json.writeStringField("reportedAt", report.reportedAt().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The report in {@code document}, or empty when it is not a progress document of {@code runId}
   * (malformed, cut short, a fraction outside 0..1, or another run's).
   */
  public static Optional<Report> read(byte[] document, String runId) {
    String foundRunId = null;
    Integer attempt = null;
    Double fraction = null;
    String message = "";
    Instant reportedAt = null;
    try (JsonParser json = OutcomeDocument.JSON.createParser(document)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "runId" -> foundRunId = value == JsonToken.VALUE_STRING ? json.getText() : null;
          case "attempt" ->
              attempt = value == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : null;
          case "fraction" -> fraction = value.isNumeric() ? json.getDoubleValue() : null;
          case "message" -> message = value == JsonToken.VALUE_STRING ? json.getText() : "";
          case "reportedAt" ->
              reportedAt = value == JsonToken.VALUE_STRING ? Instant.parse(json.getText()) : null;
          default -> json.skipChildren();
        }
      }
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
    if (foundRunId == null
        || !foundRunId.equals(runId)
        || attempt == null
        || fraction == null
        || !(fraction >= 0 && fraction <= 1)
        || reportedAt == null) {
      return Optional.empty();
    }
    return Optional.of(new Report(foundRunId, attempt, fraction, message, reportedAt));
  }
}
