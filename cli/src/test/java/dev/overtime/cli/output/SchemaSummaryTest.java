package dev.overtime.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overtime.runtime.internal.JsonCodec;
import org.junit.jupiter.api.Test;

class SchemaSummaryTest {
  @Test
  void anOptionalComponentShowsItsValueTypeNotAny() throws Exception {
    // As the processor writes record Page(int size, Optional<Integer> limit).
    String schema =
        "{\"type\": \"object\", \"properties\": {\"size\": {\"type\": \"integer\"}, \"limit\":"
            + " {\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"null\"}]}}, \"required\":"
            + " [\"size\"]}";

    assertEquals(
        "size: integer, limit?: integer", SchemaSummary.of(JsonCodec.shared().readTree(schema)));
  }

  @Test
  void alternativesOfDifferentTypesAreAllShown() throws Exception {
    String schema =
        "{\"type\": \"object\", \"properties\": {\"id\": {\"anyOf\": [{\"type\": \"integer\"},"
            + " {\"type\": \"string\"}]}}, \"required\": [\"id\"]}";

    assertEquals("id: integer|string", SchemaSummary.of(JsonCodec.shared().readTree(schema)));
  }
}
