package dev.overtime.tooling.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern FORMAT_MESSAGE =
      Pattern.compile("does not match the (\\S+) pattern (.+)");

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
          List.of(new PayloadProblem("$", "not valid JSON" + where + ": " + syntaxProblem(e))));
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

  /**
   * What is wrong with the JSON, in words that never quote it: Jackson's messages embed the
   * offending token ({@code Unrecognized token 'sk_live_…'}), and payloads are never shown.
   */
  static String syntaxProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
      return "it ends too early; check for a missing closing quote, bracket or brace";
    }
    if (message.startsWith("Unrecognized token")) {
      return "a word that is not a JSON value; strings need double quotes";
    }
    if (message.startsWith("Unexpected character")) {
      return "an unexpected character; check quotes, commas and colons";
    }
    if (message.startsWith("Unexpected close marker")) {
      return "a closing bracket or brace without its opening one";
    }
    if (message.contains("Illegal unquoted character")) {
      return "a control character inside a string; escape it";
    }
    if (message.contains("Trailing token") || message.contains("trailing token")) {
      return "more than one JSON value; give a single JSON object";
    }
    return "malformed JSON";
  }

  private static List<PayloadProblem> schemaProblems(AppJob job, JsonNode payload) {
    return schemaProblems(job.payloadSchema(), payload);
  }

  static List<PayloadProblem> schemaProblems(JsonNode schemaNode, JsonNode payload) {
    if (schemaNode == null || schemaNode.isMissingNode()) {
      return List.of();
    }
    JsonSchema schema = SCHEMAS.getSchema(schemaNode, CONFIG);
    Set<ValidationMessage> messages = schema.validate(payload);
    List<PayloadProblem> problems = new ArrayList<>();
    for (ValidationMessage message : messages) {
      problems.add(problem(message));
    }
    problems = AlternativeTypes.merge(problems);
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
      case "format":
        return new PayloadProblem(path, formatProblem(text == null ? message.getMessage() : text));
      default:
        return new PayloadProblem(path, text == null ? message.getMessage() : text);
    }
  }

  // "does not match the uri-reference pattern must be a valid RFC 3986 URI-reference" reads as
  // two run-together phrases; make it one sentence.
  private static String formatProblem(String text) {
    Matcher matcher = FORMAT_MESSAGE.matcher(text);
    String sentence =
        matcher.matches()
            ? "does not match the " + matcher.group(1) + " format: " + matcher.group(2)
            : text;
    return sentence.endsWith(".") ? sentence : sentence + ".";
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
