package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.manifest.ManifestJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StackTemplateTest {
  private final ObjectNode template = StackTemplate.build(TestJobs.sample());

  private JsonNode resource(String id) {
    return template.path("Resources").path(id);
  }

  private List<JsonNode> statements(String role) {
    List<JsonNode> all = new ArrayList<>();
    resource(role)
        .path("Properties")
        .path("Policies")
        .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(all::add));
    return all;
  }

  private JsonNode statementWith(String role, String action) {
    return statements(role).stream()
        .filter(s -> s.path("Action").toString().contains("\"" + action + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError(role + " has no statement for " + action));
  }

  @Test
  void oneFargateTaskDefinitionPerJobWithItsSize() {
    JsonNode factorial = resource("TaskDefinitionFactorial").path("Properties");
    assertEquals(
        "{\"Fn::Sub\":\"${AWS::StackName}-factorial\"}", factorial.path("Family").toString());
    assertEquals("1024", factorial.path("Cpu").asText());
    assertEquals("7168", factorial.path("Memory").asText());
    assertEquals("[\"FARGATE\"]", factorial.path("RequiresCompatibilities").toString());
    assertEquals("job", factorial.path("ContainerDefinitions").get(0).path("Name").asText());
    JsonNode video = resource("TaskDefinitionVideoTranscode").path("Properties");
    assertEquals("4096", video.path("Cpu").asText());
    assertEquals("16384", video.path("Memory").asText());
  }

  @Test
  void invokerMayRunOnlyTheseTaskDefinitionsInItsCluster() {
    JsonNode runTask = statementWith("InvokerRole", "ecs:RunTask");
    assertEquals(1, runTask.path("Action").size());
    assertEquals(
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/"
            + "${AWS::StackName}-factorial:*\"},{\"Fn::Sub\":\"arn:${AWS::Partition}:ecs:${AWS::Region}:"
            + "${AWS::AccountId}:task-definition/${AWS::StackName}-video-transcode:*\"}]",
        runTask.path("Resource").toString());
    assertEquals(
        "{\"ArnEquals\":{\"ecs:cluster\":{\"Fn::GetAtt\":[\"Cluster\",\"Arn\"]}}}",
        runTask.path("Condition").toString());
  }

  @Test
  void invokerMayPassOnlyTheTwoTaskRolesAndOnlyToEcs() {
    JsonNode passRole = statementWith("InvokerRole", "iam:PassRole");
    assertEquals(
        "[{\"Fn::GetAtt\":[\"TaskRole\",\"Arn\"]},{\"Fn::GetAtt\":[\"TaskExecutionRole\",\"Arn\"]}]",
        passRole.path("Resource").toString());
    assertEquals(
        "ecs-tasks.amazonaws.com",
        passRole.path("Condition").path("StringEquals").path("iam:PassedToService").asText());
  }

  @Test
  void invokerTouchesOnlyItsPrefixOfItsBucket() {
    JsonNode objects = statementWith("InvokerRole", "s3:PutObject");
    for (JsonNode arn : objects.path("Resource")) {
      assertTrue(
          arn.path("Fn::Sub").asText().startsWith("arn:${AWS::Partition}:s3:::${Bucket}/overtime/"),
          arn.toString());
    }
  }

  @Test
  void noWildcardActionsAndWildcardResourcesOnlyWhereAwsAllowsNoOther() {
    Set<String> wildcardActions = new TreeSet<>();
    for (String role : List.of("InvokerRole", "TaskRole", "TaskExecutionRole")) {
      for (JsonNode statement : statements(role)) {
        statement
            .path("Action")
            .forEach(a -> assertTrue(!a.asText().contains("*"), role + ": " + a));
        for (JsonNode resource : statement.path("Resource")) {
          if (resource.isTextual() && resource.asText().equals("*")) {
            statement.path("Action").forEach(a -> wildcardActions.add(a.asText()));
          }
        }
      }
    }
    assertEquals(Set.of("ecr:GetAuthorizationToken"), wildcardActions);
  }

  @Test
  void bucketExpiresPayloadsAndRunsAndLogsAreKept() {
    JsonNode rules =
        resource("Bucket").path("Properties").path("LifecycleConfiguration").path("Rules");
    assertEquals("overtime/payloads/", rules.get(0).path("Prefix").asText());
    assertEquals(
        "{\"Ref\":\"PayloadRetentionDays\"}", rules.get(0).path("ExpirationInDays").toString());
    assertEquals("overtime/runs/", rules.get(1).path("Prefix").asText());
    assertEquals(
        "{\"Ref\":\"LogRetentionDays\"}",
        resource("LogGroup").path("Properties").path("RetentionInDays").toString());
  }

  @Test
  void invokerGetsTheJobsAndOutputsGiveTheApplicationsEnvironment() {
    JsonNode variables =
        resource("InvokerFunction").path("Properties").path("Environment").path("Variables");
    assertEquals(
        "{\"factorial\":{\"timeoutSeconds\":3600,\"retries\":1},"
            + "\"video-transcode\":{\"timeoutSeconds\":3600,\"retries\":1}}",
        variables.path("OVERTIME_JOBS").asText());
    assertEquals(
        "dev.overtime.aws.invoker.InvokerHandler::handleRequest",
        resource("InvokerFunction").path("Properties").path("Handler").asText());
    assertEquals(
        "OVERTIME_ENGINE=aws OVERTIME_INVOKER_FUNCTION=${InvokerFunction} OVERTIME_BUCKET=${Bucket}"
            + " OVERTIME_LOG_GROUP=${LogGroup} AWS_REGION=${AWS::Region}",
        template.path("Outputs").path("Environment").path("Value").path("Fn::Sub").asText());
    for (String parameter :
        List.of("Subnets", "SecurityGroups", "ImageUri", "InvokerCodeBucket", "InvokerCodeKey")) {
      assertTrue(template.path("Parameters").has(parameter), parameter);
    }
  }

  @Test
  void aJobsConcurrencyLimitFromItsManifestReachesTheInvoker() {
    ManifestJob plain = TestJobs.job("factorial", 1024, 2048);
    ManifestJob limited =
        new ManifestJob(
            "import-ledger",
            "com.example.ImportLedger",
            plain.entrypoint(),
            plain.payload(),
            plain.result(),
            600,
            "10 minutes",
            2048,
            "2 GB",
            1024,
            "1 vCPU",
            0,
            2);
    JsonNode variables =
        StackTemplate.build(List.of(plain, limited))
            .path("Resources")
            .path("InvokerFunction")
            .path("Properties")
            .path("Environment")
            .path("Variables");
    assertEquals(
        "{\"factorial\":{\"timeoutSeconds\":3600,\"retries\":1},"
            + "\"import-ledger\":{\"timeoutSeconds\":600,\"retries\":0,\"concurrency\":2}}",
        variables.path("OVERTIME_JOBS").asText());
    List<String> problems = new ArrayList<>();
    assertEquals(
        java.util.Map.of("import-ledger", 2),
        dev.overtime.aws.protocol.InvokerEnvironment.readConcurrency(
            variables.path("OVERTIME_JOBS").asText(), problems));
    assertEquals(List.of(), problems);
  }

  @Test
  void theClientPolicyReadsOnlyTheJobsLogStreams() {
    JsonNode statements =
        resource("ClientPolicy").path("Properties").path("PolicyDocument").path("Statement");
    JsonNode logs = null;
    for (JsonNode statement : statements) {
      if (statement.path("Action").toString().contains("logs:")) {
        logs = statement;
      }
    }
    assertTrue(logs != null, statements.toString());
    assertEquals("[\"logs:GetLogEvents\"]", logs.path("Action").toString());
    assertEquals(
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}"
            + ":log-stream:*",
        logs.path("Resource").get(0).path("Fn::Sub").asText());
  }

  @Test
  void sameInputGivesTheSameTemplate() {
    assertEquals(StackTemplate.render(TestJobs.sample()), StackTemplate.render(TestJobs.sample()));
  }

  @Test
  void tooManyJobsForOneInvokerIsAClearError() {
    List<ManifestJob> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(TestJobs.job("job-number-" + i, 1024, 2048));
    }
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> StackTemplate.build(many));
    assertTrue(e.getMessage().startsWith("[overtime.too-many-jobs] 100 jobs need"), e.getMessage());
  }
}
