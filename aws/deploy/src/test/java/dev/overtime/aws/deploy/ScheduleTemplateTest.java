package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.aws.protocol.InvokerEvent;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestSchedule;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs' {@code @Schedule}s in the stack: one EventBridge Scheduler schedule each (two for an
 * expression restricting both day fields), in a group of their own, firing the invoker with the
 * schedule, its payload and the scheduled time, as a role that may only invoke the invoker.
 */
class ScheduleTemplateTest {
  private static CloudFormationSpecification specification;

  private final ObjectNode built = StackTemplate.build(jobsWithSchedules());
  private final TemplateQueries template = new TemplateQueries(built);

  @BeforeAll
  static void loadSpecification() throws Exception {
    specification = CloudFormationSpecification.load();
  }

  static ManifestJob withSchedules(ManifestJob job, List<ManifestSchedule> schedules) {
    return new ManifestJob(
        job.name(),
        job.handlerClass(),
        job.entrypoint(),
        job.payload(),
        job.result(),
        job.timeoutSeconds(),
        job.timeoutDeclared(),
        job.memoryMib(),
        job.memoryDeclared(),
        job.cpuUnits(),
        job.cpuDeclared(),
        job.retries(),
        schedules);
  }

  static ManifestSchedule schedule(
      String job, int index, String cron, String zone, String payload) {
    return new ManifestSchedule(job + "#" + index, index, cron, cron, zone, payload);
  }

  private static List<ManifestJob> jobsWithSchedules() {
    return List.of(
        withSchedules(
            TestJobs.job("factorial", 1024, 7168),
            List.of(
                schedule("factorial", 0, "30 2 * * *", "Europe/Berlin", "{\"num\": 20}"),
                schedule("factorial", 1, "0 12 13 * 5", "UTC", "{\"num\": 13}"))),
        TestJobs.job("video-transcode", 4096, 16384));
  }

  @Test
  void eachScheduleIsOneSchedulerScheduleFiringTheInvokerWithItsPayloadAndScheduledTime()
      throws Exception {
    JsonNode nightly = template.properties("Schedule0Factorial");

    assertEquals(
        "AWS::Scheduler::Schedule", template.resource("Schedule0Factorial").path("Type").asText());
    assertEquals("factorial-0", nightly.path("Name").asText());
    assertEquals("{\"Ref\":\"CronScheduleGroup\"}", nightly.path("GroupName").toString());
    assertEquals("cron(30 2 * * ? *)", nightly.path("ScheduleExpression").asText());
    assertEquals("Europe/Berlin", nightly.path("ScheduleExpressionTimezone").asText());
    assertEquals("{\"Mode\":\"OFF\"}", nightly.path("FlexibleTimeWindow").toString());
    assertEquals("ENABLED", nightly.path("State").asText());
    JsonNode target = nightly.path("Target");
    assertEquals("{\"Fn::GetAtt\":[\"InvokerFunction\",\"Arn\"]}", target.path("Arn").toString());
    assertEquals(
        "{\"Fn::GetAtt\":[\"CronSchedulerRole\",\"Arn\"]}", target.path("RoleArn").toString());
    assertEquals(
        "{\"MaximumEventAgeInSeconds\":3600,\"MaximumRetryAttempts\":185}",
        target.path("RetryPolicy").toString());
    JsonNode input = new ObjectMapper().readTree(target.path("Input").asText());
    assertEquals("fire", input.path("action").asText());
    assertEquals("factorial#0", input.path("schedule").asText());
    assertEquals("<aws.scheduler.scheduled-time>", input.path("scheduledTime").asText());
    assertEquals("{\"num\":20}", input.path("payload").toString());
    // The input is what the invoker recognizes as a fire once the scheduler filled in the time.
    InvokerEvent.Fire fire =
        (InvokerEvent.Fire)
            InvokerEvent.recognize(
                    target
                        .path("Input")
                        .asText()
                        .replace(InvokerEvent.SCHEDULED_TIME_ATTRIBUTE, "2026-12-02T01:30:00Z")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow();
    assertEquals("schedule:factorial#0@2026-12-02T01:30:00Z", fire.fire().idempotencyKey());
  }

  @Test
  void bothDayFieldsRestrictedBecomeTwoSchedulesOfTheSameScheduleId() throws Exception {
    JsonNode monthDays = template.properties("ScheduleDayOfMonth1Factorial");
    JsonNode weekDays = template.properties("ScheduleDayOfWeek1Factorial");

    assertEquals("cron(0 12 13 * ? *)", monthDays.path("ScheduleExpression").asText());
    assertEquals("cron(0 12 ? * FRI *)", weekDays.path("ScheduleExpression").asText());
    assertEquals("factorial-1-day-of-month", monthDays.path("Name").asText());
    assertEquals("factorial-1-day-of-week", weekDays.path("Name").asText());
    for (JsonNode part : List.of(monthDays, weekDays)) {
      JsonNode input = new ObjectMapper().readTree(part.path("Target").path("Input").asText());
      assertEquals("factorial#1", input.path("schedule").asText(), "one fire key for both");
    }
    assertEquals(3, template.resourcesOfType("AWS::Scheduler::Schedule").size());
  }

  @Test
  void theSchedulesRoleMayOnlyInvokeTheInvokerAndOnlyTheSchedulerOfThisGroupMayAssumeIt() {
    JsonNode role = template.properties("CronSchedulerRole");
    JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
    assertEquals(1, trust.size());
    assertEquals("sts:AssumeRole", trust.get(0).path("Action").asText());
    assertEquals(
        "{\"Service\":\"scheduler.amazonaws.com\"}", trust.get(0).path("Principal").toString());
    assertEquals(
        "{\"StringEquals\":{\"aws:SourceAccount\":{\"Ref\":\"AWS::AccountId\"},"
            + "\"aws:SourceArn\":{\"Fn::GetAtt\":[\"CronScheduleGroup\",\"Arn\"]}}}",
        trust.get(0).path("Condition").toString());
    List<JsonNode> statements = template.statements("CronSchedulerRole");
    assertEquals(1, statements.size(), statements.toString());
    assertEquals(
        "{\"Effect\":\"Allow\",\"Action\":[\"lambda:InvokeFunction\"],"
            + "\"Resource\":[{\"Fn::GetAtt\":[\"InvokerFunction\",\"Arn\"]}]}",
        statements.get(0).toString());
    assertTrue(role.path("ManagedPolicyArns").isMissingNode(), "no managed policies");
    assertEquals(
        "AWS::Scheduler::ScheduleGroup",
        template.resource("CronScheduleGroup").path("Type").asText());
  }

  @Test
  void theInvokerCanChangeOnlyItsOwnOneTimeSchedulesNotTheJobsSchedules() {
    for (JsonNode statement : template.statements("InvokerRole")) {
      if (statement.path("Action").toString().contains("scheduler:")) {
        assertEquals(
            "[{\"Fn::Sub\":\"arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:"
                + "schedule/${ScheduleGroup}/*\"}]",
            statement.path("Resource").toString());
      }
      assertFalse(statement.toString().contains("CronSchedule"), statement.toString());
    }
  }

  @Test
  void aTemplateWithSchedulesPassesTheSpecification() {
    assertEquals(
        List.of(), specification.problems(built), "specification " + specification.version());
  }

  @Test
  void jobsWithoutSchedulesGetNoScheduleResources() {
    TemplateQueries plain = new TemplateQueries(StackTemplate.build(TestJobs.sample()));
    assertEquals(List.of(), plain.resourcesOfType("AWS::Scheduler::Schedule"));
    assertEquals(List.of("ScheduleGroup"), plain.resourcesOfType("AWS::Scheduler::ScheduleGroup"));
    assertThrows(AssertionError.class, () -> plain.resource("CronSchedulerRole"));
  }

  @Test
  void namesStayWithinTheSchedulersRulesAndApartForTheLongestJobNames() {
    String job = "a".repeat(60) + "-b";
    AwsCron.Part whole = new AwsCron.Part("cron(0 0 * * ? *)", null);
    AwsCron.Part monthDays = new AwsCron.Part("cron(0 0 1 * ? *)", "day-of-month");
    AwsCron.Part weekDays = new AwsCron.Part("cron(0 0 ? * MON *)", "day-of-week");
    List<String> names =
        List.of(
            StackTemplate.scheduleName(job, 0, whole),
            StackTemplate.scheduleName(job, 10, whole),
            StackTemplate.scheduleName(job, 0, monthDays),
            StackTemplate.scheduleName(job, 0, weekDays));
    for (String name : names) {
      assertTrue(name.matches("[0-9a-zA-Z-_.]{1,64}"), name);
    }
    assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    assertEquals("nightly-report-3", StackTemplate.scheduleName("nightly-report", 3, whole));
    // Index digits end where the job's name begins: job foo1 #2 and job foo #12 stay apart.
    assertNotEquals(
        StackTemplate.scheduleLogicalId("Foo1", 2, whole),
        StackTemplate.scheduleLogicalId("Foo", 12, whole));
  }

  @Test
  void aScheduleTheProcessorWouldNotWriteIsRefusedNamingItAndTheFix() {
    assertRefused(s -> schedule("factorial", 0, "0 25 * * *", "UTC", "{}"), "field hour is 25");
    assertRefused(s -> schedule("factorial", 0, "0 0 L * *", "UTC", "{}"), "has 'L'");
    assertRefused(s -> schedule("factorial", 0, "0 0 * * *", "+02:00", "{}"), "zone \"+02:00\"");
    assertRefused(s -> schedule("factorial", 0, "0 0 * * *", "UTC", "[1]"), "payload");
    assertRefused(
        s -> new ManifestSchedule("other#0", 0, "@daily", "0 0 * * *", "UTC", "{}"),
        "is not <job>#<index>");
  }

  private static void assertRefused(UnaryOperator<ManifestSchedule> bad, String expected) {
    ManifestJob job =
        withSchedules(TestJobs.job("factorial", 1024, 2048), List.of(bad.apply(null)));
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> StackTemplate.build(List.of(job)));
    assertTrue(e.getMessage().startsWith("[overtime.schedule-invalid] Schedule "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("rebuild the application"), e.getMessage());
  }
}
