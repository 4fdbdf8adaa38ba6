package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.aws.protocol.InvokerEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the deploy configuration binds reaches the task definitions and the roles, and no more. */
class BoundResourcesTemplateTest {
  private final TemplateQueries template;

  BoundResourcesTemplateTest() throws Exception {
    template =
        new TemplateQueries(
            StackTemplate.build(
                TestJobs.sample(),
                DeployConfiguration.parse(
                    DeployConfigurationTest.example(), "example", TestJobs.sample())));
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(item -> names.add(item.path("Name").asText()));
    return names;
  }

  @Test
  void environmentValuesReachTheContainerSortedWithTheJobsOwnWinning() {
    JsonNode video = template.container("TaskDefinitionVideoTranscode").path("Environment");
    assertEquals(
        "[{\"Name\":\"JAVA_TOOL_OPTIONS\",\"Value\":\"-XX:MaxRAMPercentage=75\"},"
            + "{\"Name\":\"LOG_LEVEL\",\"Value\":\"debug\"},"
            + "{\"Name\":\"REPORTS_BUCKET\",\"Value\":\"acme-reports\"}]",
        video.toString());
    JsonNode factorial = template.container("TaskDefinitionFactorial").path("Environment");
    assertTrue(factorial.toString().contains("{\"Name\":\"LOG_LEVEL\",\"Value\":\"info\"}"));
  }

  @Test
  void secretsAreReferencesForEcsToInjectNeverValues() {
    JsonNode secrets = template.container("TaskDefinitionVideoTranscode").path("Secrets");
    assertEquals(List.of("API_KEY", "DB_PASSWORD"), names(secrets));
    assertEquals(
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/transcoder-AbCdEf:apiKey::",
        secrets.get(0).path("ValueFrom").asText());
    assertEquals(
        "{\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prod/db/password\"}",
        secrets.get(1).path("ValueFrom").toString());
    assertFalse(
        names(template.container("TaskDefinitionVideoTranscode").path("Environment"))
            .contains("API_KEY"),
        "a secret is not also a plain value");
  }

  @Test
  void aJobWithSecretsOfItsOwnGetsAnExecutionRoleReadingExactlyThose() {
    assertEquals(
        "{\"Fn::GetAtt\":[\"TaskExecutionRoleVideoTranscode\",\"Arn\"]}",
        template.properties("TaskDefinitionVideoTranscode").path("ExecutionRoleArn").toString());
    assertEquals(
        "[\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/transcoder-AbCdEf\"]",
        template
            .statementWith("TaskExecutionRoleVideoTranscode", "secretsmanager:GetSecretValue")
            .path("Resource")
            .toString());
    assertEquals(
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prod/db/password\"}]",
        template
            .statementWith("TaskExecutionRoleVideoTranscode", "ssm:GetParameters")
            .path("Resource")
            .toString());
    JsonNode decrypt = template.statementWith("TaskExecutionRoleVideoTranscode", "kms:Decrypt");
    assertEquals(
        "[\"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"]",
        decrypt.path("Resource").toString());
    assertEquals(
        "[\"secretsmanager.eu-west-1.amazonaws.com\"]",
        decrypt.path("Condition").path("StringEquals").path("kms:ViaService").toString());
  }

  @Test
  void anExecutionRoleThatReadsSecretsStillPullsTheImageAndWritesLogs() {
    for (String role : List.of("TaskExecutionRole", "TaskExecutionRoleVideoTranscode")) {
      template.statementWith(role, "ecr:BatchGetImage");
      template.statementWith(role, "logs:PutLogEvents");
    }
  }

  @Test
  void theSharedExecutionRoleReadsOnlyTheSecretsOfAllAndDecryptsNothing() {
    assertEquals(
        "{\"Fn::GetAtt\":[\"TaskExecutionRole\",\"Arn\"]}",
        template.properties("TaskDefinitionFactorial").path("ExecutionRoleArn").toString());
    assertEquals(
        List.of(), template.statementsWith("TaskExecutionRole", "secretsmanager:GetSecretValue"));
    assertEquals(List.of(), template.statementsWith("TaskExecutionRole", "kms:Decrypt"));
    assertEquals(
        1,
        template.statementWith("TaskExecutionRole", "ssm:GetParameters").path("Resource").size());
  }

  @Test
  void permissionsReachTheTaskRoleAndAJobsOwnStayWithItsOwnRole() {
    assertTrue(
        template.statementsWith("TaskRole", "s3:PutObject").toString().contains("outcome.json"),
        "the run contract's permissions are kept beside the bound ones");
    assertTrue(
        template
            .statementsWith("TaskRoleVideoTranscode", "s3:PutObject")
            .toString()
            .contains("outcome.json"),
        "a job's own task role keeps the run contract's permissions");
    assertEquals(
        "[\"arn:aws:s3:::acme-reports/*\"]",
        template.statementsWith("TaskRole", "s3:GetObject").stream()
            .filter(s -> s.toString().contains("acme-reports"))
            .findFirst()
            .orElseThrow()
            .path("Resource")
            .toString());
    assertTrue(template.properties("TaskRole").path("ManagedPolicyArns").isMissingNode());
    assertEquals(
        "[\"arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess\"]",
        template.properties("TaskRoleVideoTranscode").path("ManagedPolicyArns").toString());
    assertEquals(
        "{\"Fn::GetAtt\":[\"TaskRoleVideoTranscode\",\"Arn\"]}",
        template.properties("TaskDefinitionVideoTranscode").path("TaskRoleArn").toString());
    assertTrue(
        template.statements("TaskRoleVideoTranscode").toString().contains("acme-reports"),
        "a job's own role has the permissions of all too");
  }

  @Test
  void theInvokerMayPassEveryTaskRoleToEcsAndNoOther() {
    JsonNode passRole =
        template.statementsWith("InvokerRole", "iam:PassRole").stream()
            .filter(s -> s.toString().contains("ecs-tasks.amazonaws.com"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"Fn::GetAtt\":[\"TaskRole\",\"Arn\"]},{\"Fn::GetAtt\":[\"TaskExecutionRole\",\"Arn\"]},"
            + "{\"Fn::GetAtt\":[\"TaskExecutionRoleVideoTranscode\",\"Arn\"]},"
            + "{\"Fn::GetAtt\":[\"TaskRoleVideoTranscode\",\"Arn\"]}]",
        passRole.path("Resource").toString());
    assertEquals(
        List.of(
            "TaskExecutionRole",
            "TaskExecutionRoleVideoTranscode",
            "TaskRole",
            "TaskRoleVideoTranscode"),
        template.resourcesOfType("AWS::IAM::Role").stream()
            .filter(id -> id.startsWith("Task"))
            .sorted()
            .toList());
  }

  @Test
  void spotJobsGetTheClustersCapacityProvidersAndTellTheInvoker() throws Exception {
    JsonNode associations = template.properties("ClusterCapacityProviders");
    assertEquals(
        "[\"FARGATE\",\"FARGATE_SPOT\"]", associations.path("CapacityProviders").toString());
    assertEquals("{\"Ref\":\"Cluster\"}", associations.path("Cluster").toString());
    JsonNode jobs =
        new ObjectMapper()
            .readTree(
                template
                    .properties("InvokerFunction")
                    .path("Environment")
                    .path("Variables")
                    .path(InvokerEnvironment.JOBS)
                    .asText());
    assertEquals("FARGATE_SPOT", jobs.path("video-transcode").path("capacityProvider").asText());
    assertTrue(jobs.path("factorial").path("capacityProvider").isMissingNode());
    assertEquals(3600, jobs.path("video-transcode").path("timeoutSeconds").asLong());
  }

  @Test
  void withoutSpotTheClusterHasNoCapacityProvidersAndTheJobsVariableIsUnchanged() {
    TemplateQueries plain = new TemplateQueries(StackTemplate.build(TestJobs.sample()));
    assertEquals(List.of(), plain.resourcesOfType("AWS::ECS::ClusterCapacityProviderAssociations"));
    assertEquals(
        "{\"factorial\":{\"timeoutSeconds\":3600,\"retries\":1},"
            + "\"video-transcode\":{\"timeoutSeconds\":3600,\"retries\":1}}",
        plain
            .properties("InvokerFunction")
            .path("Environment")
            .path("Variables")
            .path(InvokerEnvironment.JOBS)
            .asText());
  }

  @Test
  void ephemeralStorageAndTagsReachTheTaskDefinition() {
    JsonNode video = template.properties("TaskDefinitionVideoTranscode");
    assertEquals(100, video.path("EphemeralStorage").path("SizeInGiB").asInt());
    assertEquals(
        "[{\"Key\":\"overtime:job\",\"Value\":\"video-transcode\"},"
            + "{\"Key\":\"cost-center\",\"Value\":\"video\"},{\"Key\":\"team\",\"Value\":\"media\"}]",
        video.path("Tags").toString());
    JsonNode factorial = template.properties("TaskDefinitionFactorial");
    assertTrue(factorial.path("EphemeralStorage").isMissingNode());
    assertEquals(
        "[{\"Key\":\"overtime:job\",\"Value\":\"factorial\"},{\"Key\":\"team\",\"Value\":\"media\"}]",
        factorial.path("Tags").toString());
  }

  @Test
  void aKeyUsedBySsmAndSecretsManagerMayDecryptThroughEachAndNothingElse() {
    String key = "arn:aws:kms:eu-west-1:123456789012:key/abc-1";
    TemplateQueries bound =
        new TemplateQueries(
            StackTemplate.build(
                TestJobs.sample(),
                DeployConfiguration.parse(
                    """
                    {"all":{"secrets":{
                      "A":{"from":"ssm:/a","kmsKeyArn":"%1$s"},
                      "B":{"from":"arn:aws:secretsmanager:us-east-1:123456789012:secret:b-AbCdEf","kmsKeyArn":"%1$s"},
                      "C":"arn:aws:ssm:eu-west-1:123456789012:parameter/c"}}}
                    """
                        .formatted(key),
                    "f",
                    TestJobs.sample())));

    JsonNode decrypt = bound.statementWith("TaskExecutionRole", "kms:Decrypt");
    assertEquals("[\"" + key + "\"]", decrypt.path("Resource").toString());
    assertEquals(
        "[{\"Fn::Sub\":\"ssm.${AWS::Region}.amazonaws.com\"},\"secretsmanager.us-east-1.amazonaws.com\"]",
        decrypt.path("Condition").path("StringEquals").path("kms:ViaService").toString());
    assertEquals(
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/a\"},"
            + "\"arn:aws:ssm:eu-west-1:123456789012:parameter/c\"]",
        bound.statementWith("TaskExecutionRole", "ssm:GetParameters").path("Resource").toString());
    assertEquals(
        List.of("A", "B", "C"), names(bound.container("TaskDefinitionFactorial").path("Secrets")));
  }

  @Test
  void withoutAConfigurationNothingIsBound() {
    TemplateQueries plain = new TemplateQueries(StackTemplate.build(TestJobs.sample()));
    JsonNode container = plain.container("TaskDefinitionFactorial");
    assertTrue(container.path("Secrets").isMissingNode());
    assertEquals(List.of("JAVA_TOOL_OPTIONS"), names(container.path("Environment")));
    assertEquals(List.of(), plain.statementsWith("TaskExecutionRole", "ssm:GetParameters"));
    assertEquals(
        List.of("TaskExecutionRole", "TaskRole"),
        plain.resourcesOfType("AWS::IAM::Role").stream()
            .filter(id -> id.startsWith("Task"))
            .sorted()
            .toList());
  }
}
