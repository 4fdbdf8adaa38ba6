package dev.overtime.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A payload schema in one short line for tables: {@code num: integer, label?: string}. Optional
 * properties carry a {@code ?}.
 */
public final class SchemaSummary {
  private SchemaSummary() {}

  public static String of(JsonNode root) {
    JsonNode schema = resolve(root, root);
    if (schema == null || !schema.path("properties").isObject()) {
      return schema == null ? "" : type(schema);
    }
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    StringBuilder summary = new StringBuilder();
    Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (summary.length() > 0) {
        summary.append(", ");
      }
      summary
          .append(field.getKey())
          .append(required.contains(field.getKey()) ? "" : "?")
          .append(": ")
          .append(type(resolve(field.getValue(), root)));
    }
    return summary.length() == 0 ? "{}" : summary.toString();
  }

  // An Optional<T> is anyOf [T, null]: its field already carries "?", so it reads as T.
  private static String alternatives(JsonNode alternatives) {
    List<String> types = new ArrayList<>();
    alternatives.forEach(
        alternative -> {
          String type = type(alternative);
          if (!types.contains(type)) {
            types.add(type);
          }
        });
    if (types.size() > 1) {
      types.remove("null");
    }
    return types.isEmpty() ? "any" : String.join("|", types);
  }

  // Follows a local "$ref": "#/$defs/com.example.Payload", as the processor writes records.
  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    if (schema == null || !schema.has("$ref")) {
      return schema;
    }
    String ref = schema.path("$ref").asText();
    if (!ref.startsWith("#/")) {
      return schema;
    }
    JsonNode target = root.at(ref.substring(1));
    return target.isMissingNode() ? schema : target;
  }

  private static String type(JsonNode schema) {
    for (String combinator : List.of("anyOf", "oneOf")) {
      if (schema.path(combinator).isArray()) {
        return alternatives(schema.path(combinator));
      }
    }
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      StringBuilder types = new StringBuilder();
      type.forEach(each -> types.append(types.length() == 0 ? "" : "|").append(each.asText()));
      return types.toString();
    }
    if ("array".equals(type.asText())) {
      return type(schema.path("items")) + "[]";
    }
    if (schema.has("enum")) {
      return "enum";
    }
    if (schema.has("$ref")) {
      String ref = schema.path("$ref").asText();
      return ref.substring(ref.lastIndexOf('/') + 1);
    }
    return type.isMissingNode() ? "any" : type.asText();
  }
}
