package dev.overtime.tooling.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.overtime.runtime.internal.JsonCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadValidatorTest {
  // As the processor writes an Optional<Integer> and a URI component.
  private static final String SCHEMA =
      "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\","
          + " \"properties\": {\"limit\": {\"anyOf\": [{\"type\": \"integer\"}, {\"type\":"
          + " \"null\"}]}, \"site\": {\"type\": \"string\", \"format\": \"uri-reference\"}},"
          + " \"additionalProperties\": false}";

  private static List<PayloadProblem> problems(String payload) throws Exception {
    return PayloadValidator.schemaProblems(
        JsonCodec.shared().readTree(SCHEMA), JsonCodec.shared().readTree(payload));
  }

  @Test
  void anInvalidOptionalValueIsOneProblemNamingBothAlternatives() throws Exception {
    List<PayloadProblem> problems = problems("{\"limit\": \"ten\"}");

    assertEquals(1, problems.size(), problems::toString);
    assertEquals("$.limit", problems.get(0).path());
    assertEquals("string found, integer or null expected", problems.get(0).message());
  }

  @Test
  void anAbsentOrNullOptionalValueIsValid() throws Exception {
    assertEquals(List.of(), problems("{}"));
    assertEquals(List.of(), problems("{\"limit\": null}"));
    assertEquals(List.of(), problems("{\"limit\": 3}"));
  }

  @Test
  void aBadUriIsOneSentenceEndingWithAFullStop() throws Exception {
    List<PayloadProblem> problems = problems("{\"site\": \"http://exa mple.com/\"}");

    assertEquals(1, problems.size(), problems::toString);
    String message = problems.get(0).message();
    assertTrue(message.contains("RFC 3986"), message);
    assertTrue(message.endsWith("."), message);
    assertFalse(message.contains("exa mple"), message);
  }

  @Test
  void malformedJsonIsDescribedWithoutQuotingThePayload() {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class,
            () -> JsonCodec.shared().readTree("sk_live_4eC39HqLyjWDarjtT1zdp7dc"));

    String message = PayloadValidator.syntaxProblem(e);

    assertFalse(message.contains("sk_live"), message);
    assertEquals("a word that is not a JSON value; strings need double quotes", message);
  }

  @Test
  void truncatedJsonSaysItEndsTooEarly() {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class,
            () -> JsonCodec.shared().readTree("{\"secret\": \"sk_live_4eC39"));

    String message = PayloadValidator.syntaxProblem(e);

    assertFalse(message.contains("sk_live"), message);
    assertTrue(message.startsWith("it ends too early"), message);
  }
}
