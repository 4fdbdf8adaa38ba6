package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated template against the official CloudFormation resource specification. */
class StackTemplateSpecificationTest {
  private static CloudFormationSpecification specification;

  @BeforeAll
  static void loadSpecification() throws Exception {
    specification = CloudFormationSpecification.load();
  }

  @Test
  void everyResourceTypePropertyAndReferenceExistsInTheSpecification() {
    ObjectNode template = StackTemplate.build(TestJobs.sample());
    assertEquals(
        List.of(), specification.problems(template), "specification " + specification.version());
  }

  @Test
  void sampleAppTemplatePassesTheSpecification() throws Exception {
    List<ManifestJob> jobs = ManifestJobs.read(java.nio.file.Path.of(TestApp.jar()));
    assertEquals(List.of("factorial", "transcode"), jobs.stream().map(ManifestJob::name).toList());
    JsonNode template = new ObjectMapper().readTree(StackTemplate.render(jobs));
    assertEquals(
        List.of(), specification.problems(template), "specification " + specification.version());
  }

  @Test
  void theCheckCatchesAPropertyTheSpecificationDoesNotHave() {
    ObjectNode template = StackTemplate.build(TestJobs.sample());
    ((ObjectNode) template.path("Resources").path("TaskDefinitionFactorial").path("Properties"))
        .put("MaxRuntime", "forever");
    ((ObjectNode)
            template
                .path("Resources")
                .path("Bucket")
                .path("Properties")
                .path("LifecycleConfiguration")
                .path("Rules")
                .get(0))
        .put("ExpireAfter", 3);
    List<String> problems = specification.problems(template);
    assertTrue(
        problems.contains("TaskDefinitionFactorial.Properties: unknown property MaxRuntime"),
        problems.toString());
    assertTrue(
        problems.contains(
            "Bucket.Properties.LifecycleConfiguration.Rules[0]: unknown property ExpireAfter"),
        problems.toString());
  }
}
