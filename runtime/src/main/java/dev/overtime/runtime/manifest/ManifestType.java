package dev.overtime.runtime.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A payload or result type in a manifest.
 *
 * @param javaType the type as Java source spells it, e.g. {@code java.util.List<com.example.Item>}
 * @param schema its JSON Schema (draft 2020-12)
 */
public record ManifestType(String javaType, JsonNode schema) {
  public ManifestType {
    Objects.requireNonNull(javaType, "javaType");
    Objects.requireNonNull(schema, "schema");
  }
}
