package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.runtime.manifest.ManifestJob;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 6: what broke a real deployment that the tests did not see. The ECS
 * service-linked role on a fresh account; Lambda's 64-character function names; the invoker code
 * bucket's region; payloads deleted before the retries that re-read them.
 */
class StackDeploymentDefectsTest {
  private static final String LONGEST_STACK_NAME = "s" + "x".repeat(127);

  /** What CloudFormation makes of {@code Fn::Sub [template, {StackUuid: …}]} for one stack. */
  private static String resolveInvokerName(JsonNode sub, String stackName) {
    String stackId =
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/"
            + stackName
            + "/1c2fa620-982a-11e3-aff7-50e2416294e0";
    JsonNode uuid = sub.path("Fn::Sub").get(1).path("StackUuid");
    JsonNode split = uuid.path("Fn::Select").get(1).path("Fn::Split");
    assertEquals("/", split.get(0).asText());
    assertEquals("{\"Ref\":\"AWS::StackId\"}", split.get(1).toString());
    String value = stackId.split("/")[uuid.path("Fn::Select").get(0).asInt()];
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(sub.path("Fn::Sub").get(0).asText());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              switch (name) {
                case "StackUuid" -> value;
                case "AWS::StackName" -> stackName;
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> "eu-west-1";
                case "AWS::AccountId" -> "123456789012";
                default -> throw new AssertionError("unresolved " + name);
              }));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Test
  void invokerFunctionNameFitsLambdasLimitForTheLongestStackName() {
    TemplateQueries template = new TemplateQueries(StackTemplate.build(TestJobs.sample()));
    String name =
        resolveInvokerName(
            template.properties("InvokerFunction").path("FunctionName"), LONGEST_STACK_NAME);

    assertEquals("overtime-invoker-1c2fa620-982a-11e3-aff7-50e2416294e0", name);
    assertTrue(name.length() <= 64, name.length() + " characters");
    assertTrue(name.matches("[a-zA-Z0-9-_]+"), name);
    // Before the fix the name was ${AWS::StackName}-invoker: 136 characters here.
    assertTrue(
        !template
            .properties("InvokerFunction")
            .path("FunctionName")
            .toString()
            .contains("StackName"));
  }

  @Test
  void invokerLogGroupAndSchedulerPermissionNameTheSameFunction() {
    TemplateQueries template = new TemplateQueries(StackTemplate.build(TestJobs.sample()));
    String function =
        resolveInvokerName(
            template.properties("InvokerFunction").path("FunctionName"), LONGEST_STACK_NAME);
    assertEquals(
        "/aws/lambda/" + function,
        resolveInvokerName(
            template.properties("InvokerLogGroup").path("LogGroupName"), LONGEST_STACK_NAME));
    assertEquals(
        "arn:aws:lambda:eu-west-1:123456789012:function:" + function,
        resolveInvokerName(
            template.statements("SchedulerRole").get(0).path("Resource").get(0),
            LONGEST_STACK_NAME));
  }

  @Test
  void ecsServiceLinkedRoleIsCreatedOnlyWhenAskedAndKeptOnDelete() {
    ObjectNode template = StackTemplate.build(TestJobs.sample());
    TemplateQueries queries = new TemplateQueries(template);
    JsonNode role = queries.resource("EcsServiceLinkedRole");
    assertEquals("AWS::IAM::ServiceLinkedRole", role.path("Type").asText());
    assertEquals("ecs.amazonaws.com", role.path("Properties").path("AWSServiceName").asText());
    assertEquals("CreateEcsServiceLinkedRole", role.path("Condition").asText());
    assertEquals("Retain", role.path("DeletionPolicy").asText());
    assertEquals(
        "{\"Fn::Equals\":[{\"Ref\":\"CreateEcsServiceLinkedRole\"},\"true\"]}",
        template.path("Conditions").path("CreateEcsServiceLinkedRole").toString());
    JsonNode parameter = template.path("Parameters").path("CreateEcsServiceLinkedRole");
    assertEquals("false", parameter.path("Default").asText());
    // The cluster waits for the role when it is created (the tag refers to it).
    assertEquals(
        "{\"Fn::If\":[\"CreateEcsServiceLinkedRole\",{\"Key\":\"overtime:ecs-service-linked-role\","
            + "\"Value\":{\"Ref\":\"EcsServiceLinkedRole\"}},{\"Ref\":\"AWS::NoValue\"}]}",
        queries.properties("Cluster").path("Tags").get(0).toString());
  }

  @Test
  void invokerCodeBucketInAnotherRegionIsRefusedBeforeAnythingIsCreated() {
    ObjectNode template = StackTemplate.build(TestJobs.sample());
    JsonNode rule = template.path("Rules").path("InvokerCodeInStackRegion");
    assertEquals(
        "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"InvokerCodeBucketRegion\"},\"\"]}]}",
        rule.path("RuleCondition").toString());
    JsonNode assertion = rule.path("Assertions").get(0);
    assertEquals(
        "{\"Fn::Equals\":[{\"Ref\":\"InvokerCodeBucketRegion\"},{\"Ref\":\"AWS::Region\"}]}",
        assertion.path("Assert").toString());
    assertTrue(assertion.path("AssertDescription").asText().contains("Copy the invoker jar"));
    JsonNode parameter = template.path("Parameters").path("InvokerCodeBucketRegion");
    assertEquals("", parameter.path("Default").asText());
    Pattern allowed = Pattern.compile(parameter.path("AllowedPattern").asText());
    for (String ok : List.of("", "eu-west-1", "us-gov-west-1", "ap-southeast-2")) {
      assertTrue(allowed.matcher(ok).matches(), ok);
    }
    for (String bad : List.of("s3://bucket", "EU-WEST-1", "eu-west")) {
      assertTrue(!allowed.matcher(bad).matches(), bad);
    }
  }

  @Test
  void payloadAndRunRetentionOutlastTheLongestJobsRetries() {
    // 24 hours, 10 retries: eleven attempts of a day each, the backoffs and the time to notice
    // each end; the 7 days that were the default (and 1, the old minimum) would delete the payload
    // while attempts still read it.
    ManifestJob longJob =
        new ManifestJob(
            "nightly",
            "com.example.Nightly",
            "dev.overtime.bootstrap.Main",
            TestJobs.job("x", 1024, 2048).payload(),
            TestJobs.job("x", 1024, 2048).result(),
            24 * 3600,
            "24 hours",
            2048,
            "2 GB",
            1024,
            "1 vCPU",
            10);
    long seconds = StackRetention.longestRunSeconds(longJob, 5);
    long perAttemptNotice =
        AttemptLifecycle.START_LIMIT * (5 * 60 + StackRetention.NOT_YET_VISIBLE_GRACE_SECONDS)
            + StackRetention.STOP_TIMEOUT_SECONDS;
    assertEquals(
        11 * (24 * 3600 + perAttemptNotice) + 10 * StackRetention.MAX_BACKOFF_SECONDS, seconds);
    int days = StackRetention.minimumDays(List.of(TestJobs.job("short", 1024, 2048), longJob), 5);
    assertEquals(12, days);
    assertTrue(days * 86400L >= seconds);

    JsonNode parameters =
        StackTemplate.build(List.of(TestJobs.job("short", 1024, 2048), longJob)).path("Parameters");
    for (String parameter : List.of("PayloadRetentionDays", "RunRetentionDays")) {
      assertEquals(12, parameters.path(parameter).path("MinValue").asInt(), parameter);
      assertTrue(parameters.path(parameter).path("Default").asInt() >= 12, parameter);
      assertTrue(
          parameters.path(parameter).path("ConstraintDescription").asText().contains("'nightly'"),
          parameter);
    }
    assertEquals(30, parameters.path("RunRetentionDays").path("Default").asInt());
  }

  @Test
  void shortJobsKeepTheDefaultsAndAllowADay() {
    JsonNode parameters = StackTemplate.build(TestJobs.sample()).path("Parameters");
    assertEquals(7, parameters.path("PayloadRetentionDays").path("Default").asInt());
    assertEquals(1, parameters.path("PayloadRetentionDays").path("MinValue").asInt());
  }

  @Test
  void aLongerSweepNeedsLongerRetention() {
    ManifestJob job = TestJobs.job("j", 1024, 2048);
    assertTrue(
        StackRetention.longestRunSeconds(job, 60) > StackRetention.longestRunSeconds(job, 5));
  }
}
