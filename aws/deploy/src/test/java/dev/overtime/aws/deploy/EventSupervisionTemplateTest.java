package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.protocol.InvokerEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resources that supervise runs with nobody reading them: the task-stopped rule, the periodic
 * sweep, the scheduler group and role for retries after their backoff, and exactly the permissions
 * each needs.
 */
class EventSupervisionTemplateTest {
  private final TemplateQueries template =
      new TemplateQueries(StackTemplate.build(TestJobs.sample()));

  @Test
  void stoppedTasksOfThisClusterAreDeliveredToTheInvoker() {
    JsonNode rule = template.properties("TaskStoppedRule");
    assertEquals(
        "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\"],"
            + "\"detail\":{\"clusterArn\":[{\"Fn::GetAtt\":[\"Cluster\",\"Arn\"]}],"
            + "\"lastStatus\":[\"STOPPED\"]}}",
        rule.path("EventPattern").toString());
    assertEquals(
        "{\"Fn::GetAtt\":[\"InvokerFunction\",\"Arn\"]}",
        rule.path("Targets").get(0).path("Arn").toString());
    assertTrue(rule.path("Targets").get(0).path("Input").isMissingNode(), "the raw event");
  }

  @Test
  void eachRuleMayInvokeTheInvokerAndOnlyThatRule() {
    for (String rule : List.of("TaskStoppedRule", "SweepRule")) {
      JsonNode permission = template.properties(rule.replace("Rule", "Permission"));
      assertEquals("lambda:InvokeFunction", permission.path("Action").asText());
      assertEquals("events.amazonaws.com", permission.path("Principal").asText());
      assertEquals(
          "{\"Fn::GetAtt\":[\"" + rule + "\",\"Arn\"]}", permission.path("SourceArn").toString());
      assertEquals(
          "{\"Fn::GetAtt\":[\"InvokerFunction\",\"Arn\"]}",
          permission.path("FunctionName").toString());
    }
    assertEquals(2, template.resourcesOfType("AWS::Lambda::Permission").size());
  }

  @Test
  void theSweepRunsEveryFiveMinutesOrAsConfigured() {
    JsonNode sweep = template.properties("SweepRule");
    assertEquals("rate(5 minutes)", sweep.path("ScheduleExpression").asText());
    assertEquals("{\"action\":\"sweep\"}", sweep.path("Targets").get(0).path("Input").asText());

    for (int minutes : new int[] {1, 15}) {
      JsonNode configured =
          new TemplateQueries(
                  StackTemplate.build(
                      TestJobs.sample(),
                      DeployConfiguration.parse(
                          "{\"sweepMinutes\":" + minutes + "}", "f", TestJobs.sample())))
              .properties("SweepRule");
      assertEquals(
          minutes == 1 ? "rate(1 minute)" : "rate(15 minutes)",
          configured.path("ScheduleExpression").asText());
    }
  }

  @Test
  void theInvokerIsToldItsSchedulerRoleAndGroup() {
    JsonNode variables =
        template.properties("InvokerFunction").path("Environment").path("Variables");
    assertEquals(
        "{\"Fn::GetAtt\":[\"SchedulerRole\",\"Arn\"]}",
        variables.path(InvokerEnvironment.SCHEDULER_ROLE_ARN).toString());
    assertEquals(
        "{\"Ref\":\"ScheduleGroup\"}",
        variables.path(InvokerEnvironment.SCHEDULE_GROUP).toString());
  }

  @Test
  void theInvokerSchedulesOnlyInItsGroupAndPassesOnlyTheSchedulerRoleToTheScheduler() {
    JsonNode schedules = template.statementWith("InvokerRole", "scheduler:CreateSchedule");
    assertEquals(
        "[\"scheduler:CreateSchedule\",\"scheduler:UpdateSchedule\",\"scheduler:DeleteSchedule\"]",
        schedules.path("Action").toString());
    assertEquals(
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:"
            + "schedule/${ScheduleGroup}/*\"}]",
        schedules.path("Resource").toString());
    JsonNode pass =
        template.statementsWith("InvokerRole", "iam:PassRole").stream()
            .filter(s -> s.toString().contains("scheduler.amazonaws.com"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"Fn::GetAtt\":[\"SchedulerRole\",\"Arn\"]}]", pass.path("Resource").toString());
    assertEquals(
        "scheduler.amazonaws.com",
        pass.path("Condition").path("StringEquals").path("iam:PassedToService").asText());
  }

  @Test
  void theSchedulerRoleMayOnlyInvokeTheInvokerForThisGroupsSchedules() {
    JsonNode trust =
        template
            .properties("SchedulerRole")
            .path("AssumeRolePolicyDocument")
            .path("Statement")
            .get(0);
    assertEquals("scheduler.amazonaws.com", trust.path("Principal").path("Service").asText());
    assertEquals(
        "{\"Fn::GetAtt\":[\"ScheduleGroup\",\"Arn\"]}",
        trust.path("Condition").path("StringEquals").path("aws:SourceArn").toString());
    assertEquals(
        "{\"Ref\":\"AWS::AccountId\"}",
        trust.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
    List<JsonNode> statements = template.statements("SchedulerRole");
    assertEquals(1, statements.size());
    assertEquals("[\"lambda:InvokeFunction\"]", statements.get(0).path("Action").toString());
    assertEquals(
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
            + "overtime-invoker-${StackUuid}",
        statements.get(0).path("Resource").get(0).path("Fn::Sub").get(0).asText());
  }

  @Test
  void theInvokerTagsTasksOnlyWhileRunningThemInItsCluster() {
    JsonNode tag = template.statementWith("InvokerRole", "ecs:TagResource");
    assertEquals(
        "RunTask", tag.path("Condition").path("StringEquals").path("ecs:CreateAction").asText());
    assertEquals(
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*\"}]",
        tag.path("Resource").toString());
  }

  @Test
  void theSweepMayListTheBucket() {
    assertEquals(
        "[{\"Fn::GetAtt\":[\"Bucket\",\"Arn\"]}]",
        template.statementWith("InvokerRole", "s3:ListBucket").path("Resource").toString());
  }

  @Test
  void theInvokerMayDeleteOnlyTheSweepMarksOfSettledRunsAndQueuedPlaces() {
    JsonNode resources = template.statementWith("InvokerRole", "s3:DeleteObject").path("Resource");
    assertEquals(2, resources.size(), resources.toString());
    assertTrue(
        resources.get(0).toString().endsWith("overtime/runs/_active/*\"}"), resources.toString());
    assertTrue(
        resources.get(1).toString().endsWith("overtime/runs/_queue/*\"}"), resources.toString());
  }

  @Test
  void theInvokerMayReadUploadedPayloadsToReRunTheirRuns() {
    JsonNode reads =
        template.statementsWith("InvokerRole", "s3:GetObject").stream()
            .filter(statement -> statement.path("Action").size() == 1)
            .findFirst()
            .orElseThrow();
    assertEquals(1, reads.path("Resource").size(), reads.toString());
    assertTrue(
        reads.path("Resource").get(0).toString().endsWith("overtime/payloads/*\"}"),
        reads.toString());
  }
}
