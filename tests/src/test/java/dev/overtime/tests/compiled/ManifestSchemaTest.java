package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.manifest.ManifestReader;
import dev.overtime.tests.fixtures.text.WordCountResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifest the processor wrote for the fixtures, checked with a real JSON Schema validator:
 * against the shipped schema of the manifest format, and its payload and result schemas against
 * what {@code JsonCodec} really writes.
 */
class ManifestSchemaTest {
  private static final String MANIFEST = "META-INF/overtime/dev.overtime.tests.fixtures.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonNode manifest;

  @BeforeAll
  static void readManifest() throws IOException {
    try (InputStream in = ManifestSchemaTest.class.getClassLoader().getResourceAsStream(MANIFEST)) {
      manifest = MAPPER.readTree(in);
    }
  }

  private static JsonNode job(String name) {
    for (JsonNode job : manifest.get("jobs")) {
      if (job.get("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name + " in the manifest");
  }

  private static JsonNode encoded(Object value) throws IOException {
    return MAPPER.readTree(JsonCodec.shared().encode(value));
  }

  @Test
  void generatedManifestValidatesAgainstTheManifestSchema() {
    assertEquals(Set.of(), SchemaValidation.problems(ManifestReader.schema(), manifest));
  }

  @Test
  void everyScheduledPayloadDecodesAsItsJobsPayloadAtRunTime() {
    int checked = 0;
    for (JsonNode job : manifest.get("jobs")) {
      for (JsonNode schedule : job.path("schedules")) {
        JobDescriptor<?, ?> descriptor =
            dev.overtime.tests.fixtures.Jobs.all().stream()
                .filter(candidate -> candidate.name().equals(job.get("name").asText()))
                .findFirst()
                .orElseThrow();
        Object payload =
            JsonCodec.shared()
                .decode(schedule.get("payload").asText(), descriptor.payloadJobType());
        assertEquals(descriptor.payloadType(), payload.getClass());
        checked++;
      }
    }
    assertEquals(2, checked, "the fixtures' factorial declares two schedules");
  }

  @Test
  void manifestSchemaRejectsAManifestWithAnInvalidJob() {
    ObjectNode broken = manifest.deepCopy();
    ((ObjectNode) broken.get("jobs").get(0)).put("name", "Not Valid");
    ((ObjectNode) broken.get("jobs").get(0).get("memory")).put("mib", 64);

    Set<String> problems = SchemaValidation.problems(ManifestReader.schema(), broken);

    assertEquals(2, problems.size(), problems::toString);
  }

  @Test
  void manifestSchemaAndEveryEmbeddedSchemaAreValidDraft202012Schemas() {
    assertEquals(Set.of(), SchemaValidation.metaSchemaProblems(ManifestReader.schema()));
    for (JsonNode job : manifest.get("jobs")) {
      assertEquals(
          Set.of(),
          SchemaValidation.metaSchemaProblems(job.at("/payload/schema")),
          job.get("name")::toString);
      assertEquals(
          Set.of(),
          SchemaValidation.metaSchemaProblems(job.at("/result/schema")),
          job.get("name")::toString);
    }
  }

  @Test
  void encodedPayloadWithEveryKindOfComponentMatchesItsSchema() throws IOException {
    JsonNode schema = job("word-count").at("/payload/schema");

    assertEquals(Set.of(), SchemaValidation.problems(schema, encoded(SampleDocuments.full())));
    assertEquals(
        Set.of(), SchemaValidation.problems(schema, encoded(SampleDocuments.withoutAuthor())));
  }

  @Test
  void payloadSchemaRejectsWhatTheCodecRejects() throws IOException {
    JsonNode schema = job("word-count").at("/payload/schema");
    ObjectNode unknownProperty = (ObjectNode) encoded(SampleDocuments.full());
    unknownProperty.put("color", "red");
    ObjectNode missingTitle = (ObjectNode) encoded(SampleDocuments.full());
    missingTitle.remove("title");
    ObjectNode badLanguage = (ObjectNode) encoded(SampleDocuments.full());
    badLanguage.putArray("languages").add("XX");
    ObjectNode badDate = (ObjectNode) encoded(SampleDocuments.full());
    badDate.put("due", "tomorrow");

    for (ObjectNode payload :
        new ObjectNode[] {unknownProperty, missingTitle, badLanguage, badDate}) {
      assertFalse(SchemaValidation.problems(schema, payload).isEmpty(), payload::toString);
    }
  }

  @Test
  void recursiveRecordsUseDefsAndRef() {
    JsonNode schema = job("headings").at("/payload/schema");

    assertEquals(
        "#/$defs/dev.overtime.tests.fixtures.text.Section",
        schema
            .at("/$defs/dev.overtime.tests.fixtures.text.Section/properties/subsections/items/$ref")
            .asText());
    assertTrue(
        schema
            .at("/$defs/dev.overtime.tests.fixtures.text.Document/required")
            .toString()
            .contains("\"outline\""));
    assertFalse(
        schema
            .at("/$defs/dev.overtime.tests.fixtures.text.Document/required")
            .toString()
            .contains("\"author\""));
  }

  @Test
  void resultSchemasMatchEncodedResults() throws IOException {
    assertEquals(
        Set.of(),
        SchemaValidation.problems(
            job("word-count").at("/result/schema"),
            encoded(new WordCountResult(Map.of("to", 2L), 2))));
    assertEquals(
        Set.of(),
        SchemaValidation.problems(
            job("headings").at("/result/schema"), encoded(java.util.List.of("Hamlet", "  Act 1"))));
    assertEquals(
        Set.of(),
        SchemaValidation.problems(
            job("purge-drafts").at("/result/schema"), MAPPER.readTree("null")));
    assertEquals(
        Set.of(),
        SchemaValidation.problems(
            job("factorial").at("/result/schema"), MAPPER.readTree("2432902008176640000")));
  }

  @Test
  void manifestRecordsResourcesNormalizedAndAsWritten() {
    JsonNode factorial = job("factorial");

    assertEquals(3600, factorial.at("/timeout/seconds").asInt());
    assertEquals("1 hour", factorial.at("/timeout/declared").asText());
    assertEquals(7168, factorial.at("/memory/mib").asInt());
    assertEquals("7 GB", factorial.at("/memory/declared").asText());
    assertEquals(1024, factorial.at("/cpu/units").asInt());
    assertEquals("1 vCPU", factorial.at("/cpu/declared").asText());
    assertEquals("dev.overtime.bootstrap.Main", factorial.get("entrypoint").asText());
  }
}
