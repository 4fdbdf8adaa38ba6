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
  void templateWithEveryBindingPassesTheSpecification() throws Exception {
    ObjectNode template =
        StackTemplate.build(
            TestJobs.sample(),
            DeployConfiguration.parse(
                DeployConfigurationTest.example(), "example", TestJobs.sample()));
    for (String id :
        List.of(
            "ClusterCapacityProviders",
            "TaskExecutionRoleVideoTranscode",
            "TaskRoleVideoTranscode",
            "EcsServiceLinkedRole",
            "TaskStoppedRule",
            "SweepRule",
            "ScheduleGroup",
            "SchedulerRole")) {
      assertTrue(template.path("Resources").has(id), id);
    }
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
  void theCheckCatchesAPropertyTheSpecificationDoesNotHave() throws Exception {
    ObjectNode template =
        StackTemplate.build(
            TestJobs.sample(),
            DeployConfiguration.parse(
                "{\"all\":{\"ephemeralStorageGiB\":30}}", "f", TestJobs.sample()));
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
    ((ObjectNode) template.path("Resources").path("EcsServiceLinkedRole"))
        .put("Condition", "NoSuchCondition");
    ((ObjectNode) template.path("Resources").path("InvokerFunction"))
        .putArray("DependsOn")
        .add("NoSuchLogGroup");
    ((ObjectNode) template.path("Resources").path("SweepRule")).put("DeletionPolicy", "Keep");
    ((ObjectNode)
            template
                .path("Resources")
                .path("TaskDefinitionFactorial")
                .path("Properties")
                .path("EphemeralStorage"))
        .put("SizeInGB", 30);
    ((ObjectNode) template.path("Resources").path("InvokerFunction").path("Properties"))
        .set("FunctionName", StackTemplate.withStackUuid("overtime-${NoSuchVariable}"));
    List<String> problems = specification.problems(template);
    assertTrue(
        problems.contains("TaskDefinitionFactorial.Properties: unknown property MaxRuntime"),
        problems.toString());
    assertTrue(
        problems.contains(
            "TaskDefinitionFactorial.Properties.EphemeralStorage: unknown property SizeInGB"),
        problems.toString());
    assertTrue(
        problems.contains(
            "EcsServiceLinkedRole: Condition \"NoSuchCondition\" is not in Conditions"),
        problems.toString());
    assertTrue(
        problems.contains("InvokerFunction: DependsOn unknown resource NoSuchLogGroup"),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("SweepRule: DeletionPolicy \"Keep\"")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.endsWith("Fn::Sub references unknown NoSuchVariable")),
        problems.toString());
    assertTrue(
        problems.contains(
            "Bucket.Properties.LifecycleConfiguration.Rules[0]: unknown property ExpireAfter"),
        problems.toString());
  }
}
