package dev.overtime.tests.compiled;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.TreeSet;

/** JSON Schema draft 2020-12 validation with networknt's validator, formats asserted. */
final class SchemaValidation {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private SchemaValidation() {}

  /** The problems of {@code instance} against {@code schema}; empty when it is valid. */
  static Set<String> problems(JsonNode schema, JsonNode instance) {
    JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
    Set<String> problems = new TreeSet<>();
    for (ValidationMessage message : compiled.validate(instance)) {
      problems.add(message.getMessage());
    }
    return problems;
  }

  /** The problems of {@code schema} as a draft 2020-12 schema, checked against the meta-schema. */
  static Set<String> metaSchemaProblems(JsonNode schema) {
    JsonSchema meta =
        FACTORY.getSchema(
            SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    Set<String> problems = new TreeSet<>();
    for (ValidationMessage message : meta.validate(schema)) {
      problems.add(message.getMessage());
    }
    return problems;
  }
}
