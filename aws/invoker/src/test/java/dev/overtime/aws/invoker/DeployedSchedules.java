package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.overtime.aws.deploy.StackTemplate;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.runtime.manifest.ManifestType;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * The recurring schedules of the stack {@code overtime deploy} writes, created in the emulated
 * scheduler as CloudFormation would create them: each {@code AWS::Scheduler::Schedule} of the
 * template, its references resolved to the emulator's function and group.
 */
final class DeployedSchedules {
  /** What {@code Ref CronScheduleGroup} resolves to. */
  static final String GROUP = "overtime-cron";

  private DeployedSchedules() {}

  /** A job as a manifest lists it, with {@code schedules}. */
  static ManifestJob job(String name, List<ManifestSchedule> schedules) {
    ManifestType payload =
        new ManifestType(
            "com.example.Payload", JsonNodeFactory.instance.objectNode().put("type", "object"));
    return new ManifestJob(
        name,
        "com.example.Handler",
        "dev.overtime.bootstrap.Main",
        payload,
        payload,
        600,
        "10 minutes",
        2048,
        "2 GB",
        1024,
        "1 vCPU",
        0,
        schedules);
  }

  static ManifestSchedule schedule(
      String job, int index, String cron, String zone, String payload) {
    return new ManifestSchedule(job + "#" + index, index, cron, cron, zone, payload);
  }

  /**
   * Creates every schedule of the stack of {@code jobs} through {@code scheduler}.
   *
   * @return their ids in the emulator, {@code <group>/<name>}, in template order
   */
  static List<String> create(SchedulerClient scheduler, List<ManifestJob> jobs) {
    List<String> ids = new ArrayList<>();
    StackTemplate.build(jobs)
        .path("Resources")
        .properties()
        .forEach(
            entry -> {
              if (!entry.getValue().path("Type").asText().equals("AWS::Scheduler::Schedule")) {
                return;
              }
              JsonNode p = entry.getValue().path("Properties");
              JsonNode target = p.path("Target");
              expect("{\"Ref\":\"CronScheduleGroup\"}", p.path("GroupName"));
              expect("{\"Fn::GetAtt\":[\"InvokerFunction\",\"Arn\"]}", target.path("Arn"));
              scheduler.createSchedule(
                  b ->
                      b.name(p.path("Name").asText())
                          .groupName(GROUP)
                          .description(p.path("Description").asText())
                          .scheduleExpression(p.path("ScheduleExpression").asText())
                          .scheduleExpressionTimezone(p.path("ScheduleExpressionTimezone").asText())
                          .state(ScheduleState.fromValue(p.path("State").asText()))
                          .flexibleTimeWindow(
                              w ->
                                  w.mode(
                                      FlexibleTimeWindowMode.fromValue(
                                          p.path("FlexibleTimeWindow").path("Mode").asText())))
                          .target(
                              t ->
                                  t.arn(
                                          "arn:aws:lambda:us-east-1:000000000000:function:"
                                              + InvokerFixture.FUNCTION)
                                      .roleArn("arn:aws:iam::000000000000:role/cron-scheduler")
                                      .input(target.path("Input").asText())
                                      .retryPolicy(
                                          r ->
                                              r.maximumEventAgeInSeconds(
                                                      target
                                                          .path("RetryPolicy")
                                                          .path("MaximumEventAgeInSeconds")
                                                          .asInt())
                                                  .maximumRetryAttempts(
                                                      target
                                                          .path("RetryPolicy")
                                                          .path("MaximumRetryAttempts")
                                                          .asInt()))));
              ids.add(GROUP + "/" + p.path("Name").asText());
            });
    return ids;
  }

  private static void expect(String reference, JsonNode value) {
    if (!reference.equals(value.toString())) {
      throw new AssertionError("the schedule refers to " + value + ", not " + reference);
    }
  }
}
