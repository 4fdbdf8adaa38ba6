package dev.overtime.tooling.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tooling.app.AppJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a payload before anything starts: that it is JSON, that it matches the payload's JSON
 * Schema from the manifest (all problems at once, each naming its JSON path), and that the job's
 * own strict decoding accepts it. Returns the payload as compact JSON, ready to submit.
 */
public final class PayloadValidator {
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .formatAssertionsEnabled(true)
          .pathType(PathType.JSON_PATH)
          .build();

  private PayloadValidator() {}

  /**
   * The payload as compact JSON.
   *
   * @throws InvalidPayloadInput naming every problem found
   */
  public static String validate(AppJob job, String text) {
    JsonNode payload;
    try {
      if (text == null || text.isBlank()) {
        throw new InvalidPayloadInput(
            job.name(),
            List.of(
                new PayloadProblem(
                    "$", "empty payload; give a JSON object, for example " + example(job))));
      }
      payload = JsonCodec.shared().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new InvalidPayloadInput(
          job.name(),
          List.of(
              new PayloadProblem(
                  "$", "not valid JSON" + where + ": " + withoutSource(e.getOriginalMessage()))));
    }
    List<PayloadProblem> problems = schemaProblems(job, payload);
    if (!problems.isEmpty()) {
      throw new InvalidPayloadInput(job.name(), problems);
    }
    String json = payload.toString();
    try {
      JsonCodec.shared().decode(json, job.descriptor().payloadType());
    } catch (InvalidPayloadException e) {
      throw new InvalidPayloadInput(
          job.name(),
          List.of(new PayloadProblem(e.path(), e.getMessage().substring(e.path().length() + 2))));
    }
    return json;
  }

  // Jackson appends "(start marker at [Source: REDACTED …; line: 1, column: 1])": noise here.
  private static String withoutSource(String message) {
    return message == null
        ? ""
        : message
            .replaceAll("\\s*\\(start marker at \\[Source:.*", "")
            .replaceAll("\\s*at \\[Source:.*", "");
  }

  private static List<PayloadProblem> schemaProblems(AppJob job, JsonNode payload) {
    JsonNode schemaNode = job.payloadSchema();
    if (schemaNode == null || schemaNode.isMissingNode()) {
      return List.of();
    }
    JsonSchema schema = SCHEMAS.getSchema(schemaNode, CONFIG);
    Set<ValidationMessage> messages = schema.validate(payload);
    List<PayloadProblem> problems = new ArrayList<>();
    for (ValidationMessage message : messages) {
      problems.add(problem(message));
    }
    problems.sort(
        Comparator.comparing(PayloadProblem::path).thenComparing(PayloadProblem::message));
    return problems;
  }

  private static PayloadProblem problem(ValidationMessage message) {
    String path = message.getInstanceLocation().toString();
    String property = message.getProperty();
    String text = message.getError();
    switch (message.getType()) {
      case "required":
        return new PayloadProblem(child(path, property), "missing required value; add it");
      case "additionalProperties":
      case "unevaluatedProperties":
        return new PayloadProblem(
            child(path, property), "unknown property; remove it, or check its spelling");
      default:
        return new PayloadProblem(path, text == null ? message.getMessage() : text);
    }
  }

  private static String child(String path, String property) {
    if (property == null) {
      return path;
    }
    return property.matches("[A-Za-z_$][A-Za-z0-9_$]*")
        ? path + "." + property
        : path + "['" + property.replace("'", "\\'") + "']";
  }

  /** A payload skeleton from the schema's properties, for messages: {"num": 0}. */
  static String example(AppJob job) {
    JsonNode properties =
        job.payloadSchema() == null ? null : job.payloadSchema().path("properties");
    if (properties == null || !properties.isObject() || properties.isEmpty()) {
      return "{}";
    }
    StringBuilder example = new StringBuilder("{");
    properties
        .fields()
        .forEachRemaining(
            field -> {
              if (example.length() > 1) {
                example.append(", ");
              }
              example
                  .append('"')
                  .append(field.getKey())
                  .append("\": ")
                  .append(placeholder(field.getValue()));
            });
    return example.append('}').toString();
  }

  private static String placeholder(JsonNode schema) {
    switch (schema.path("type").asText()) {
      case "integer":
      case "number":
        return "0";
      case "boolean":
        return "false";
      case "array":
        return "[]";
      case "object":
        return "{}";
      default:
        return "\"…\"";
    }
  }
}
