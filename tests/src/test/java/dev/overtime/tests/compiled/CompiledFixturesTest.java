package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.fixtures.math.FactorialPayload;
import dev.overtime.tests.fixtures.text.Document;
import dev.overtime.tests.fixtures.text.Housekeeping;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixtures under {@code dev.overtime.tests.fixtures}, compiled by the real processor through
 * this module's {@code annotationProcessorPaths}, exercised through what it generated.
 */
class CompiledFixturesTest {
  private static final JobCatalog CATALOG =
      JobCatalog.load(CompiledFixturesTest.class.getClassLoader());

  @Test
  void catalogFindsEveryFixtureJobThroughServiceLoader() {
    assertTrue(
        CATALOG
            .names()
            .containsAll(
                List.of("factorial", "fibonacci", "headings", "purge-drafts", "word-count")),
        CATALOG.names()::toString);
  }

  @Test
  void registryRunsFactorialThroughJsonEncodeAndDecode() throws Exception {
    RecordingContext context = new RecordingContext("factorial");

    String result =
        RegistryRun.run(CATALOG.find("factorial").orElseThrow(), "{\"num\": 20}", context);

    assertEquals("2432902008176640000", result);
    assertEquals(
        BigInteger.valueOf(2432902008176640000L),
        JsonCodec.shared().decode(result, Jobs.FACTORIAL.resultType()));
    assertEquals(List.of("Factorial of 20 is 2432902008176640000"), context.lines);
  }

  @Test
  void handlerImplementingJobThroughAGenericBaseClassRuns() throws Exception {
    String result =
        RegistryRun.run(
            CATALOG.find("fibonacci").orElseThrow(),
            "{\"index\": 90}",
            new RecordingContext("fibonacci"));

    assertEquals("2880067194370816120", result);
  }

  @Test
  void registryRunsAJobWithARichPayloadAndARecordResult() throws Exception {
    String payload = JsonCodec.shared().encode(SampleDocuments.full());

    String result =
        RegistryRun.run(
            CATALOG.find("word-count").orElseThrow(), payload, new RecordingContext("word-count"));

    assertEquals("{\"counts\":{\"be\":2,\"not\":1,\"or\":1,\"to\":2},\"total\":6}", result);
  }

  @Test
  void genericResultTypeSurvivesErasure() throws Exception {
    String result =
        RegistryRun.run(
            CATALOG.find("headings").orElseThrow(),
            JsonCodec.shared().encode(SampleDocuments.full()),
            new RecordingContext("headings"));

    List<String> headings = JsonCodec.shared().decode(result, Jobs.HEADINGS.resultType());
    assertEquals(List.of("Hamlet", "  Act 1", "    Scene 1", "  Act 2"), headings);
    assertEquals(new JobType<List<String>>() {}, Jobs.HEADINGS.resultType());
  }

  @Test
  void nestedHandlerWithVoidResultRuns() throws Exception {
    JobBinding<?, ?> binding = CATALOG.find("purge-drafts").orElseThrow();

    String result =
        RegistryRun.run(
            binding, "{\"olderThan\": \"PT48H\"}", new RecordingContext("purge-drafts"));

    assertEquals("null", result);
    assertEquals(
        "dev.overtime.tests.fixtures.text.Housekeeping$PurgeDrafts",
        binding.descriptor().handlerClass());
    assertTrue(binding.descriptor().resultType().isVoid());
  }

  @Test
  void descriptorsCarryTheNormalizedResources() {
    assertEquals(Duration.ofHours(1), Jobs.FACTORIAL.timeout());
    assertEquals(7168, Jobs.FACTORIAL.memoryMib());
    assertEquals(1024, Jobs.FACTORIAL.cpuUnits());
    assertEquals(0, Jobs.FACTORIAL.retries());
    assertEquals(Duration.ofMinutes(90), Jobs.FIBONACCI.timeout());
    assertEquals(512, Jobs.FIBONACCI.memoryMib());
    assertEquals(256, Jobs.FIBONACCI.cpuUnits());
    assertEquals(2, Jobs.FIBONACCI.retries());
    assertEquals(Duration.ofDays(2), Jobs.PURGE_DRAFTS.timeout());
    assertEquals(2048, Jobs.PURGE_DRAFTS.memoryMib());
    assertEquals(Document.class, Jobs.WORD_COUNT.payloadType());
    assertEquals(Housekeeping.PurgeRequest.class, Jobs.PURGE_DRAFTS.payloadType());
  }

  @Test
  void allListsTheDescriptorsSortedByName() {
    List<String> names = Jobs.all().stream().map(JobDescriptor::name).toList();

    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(
        names.containsAll(
            List.of("factorial", "fibonacci", "headings", "purge-drafts", "word-count")));
  }

  @Test
  void typedClientEncodesThePayloadAndDecodesTheResult() {
    StubEngine engine = new StubEngine("120");

    JobClient<FactorialPayload, BigInteger> client = Jobs.factorial(engine);
    JobRun<BigInteger> run = client.run(new FactorialPayload(5));
    BigInteger result = client.get(run.id()).result();

    assertEquals("{\"num\":5}", engine.submitted.get(0).payloadJson());
    assertEquals(Jobs.FACTORIAL, engine.submitted.get(0).job());
    assertEquals(BigInteger.valueOf(120), result);
  }
}
