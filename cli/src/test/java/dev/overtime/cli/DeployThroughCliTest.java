package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployThroughCliTest {
  @TempDir Path home;

  @Test
  void deployIsASubcommandAndWritesATaskDefinitionPerJobOfTheSampleApp() throws Exception {
    CliResult result = new Cli(home).run("deploy", TestApp.jar());

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode resources = JsonCodec.shared().readTree(result.out()).path("Resources");
    long taskDefinitions = 0;
    for (JsonNode resource : resources) {
      if (resource.path("Type").asText().equals("AWS::ECS::TaskDefinition")) {
        taskDefinitions++;
      }
    }
    assertEquals(2, taskDefinitions, "factorial and transcode each get a task definition");
    // The sample's factorial has @Schedule(cron = "30 2 * * *", zone = "Europe/Berlin", …).
    JsonNode schedule = resources.path("Schedule0Factorial");
    assertEquals("AWS::Scheduler::Schedule", schedule.path("Type").asText(), resources.toString());
    assertEquals(
        "cron(30 2 * * ? *)", schedule.path("Properties").path("ScheduleExpression").asText());
    assertEquals(
        "Europe/Berlin", schedule.path("Properties").path("ScheduleExpressionTimezone").asText());
    assertTrue(
        schedule.path("Properties").path("Target").path("Input").asText().contains("\"num\":20"),
        schedule.toString());
  }

  @Test
  void deployHelpShowsAnExample() {
    CliResult result = new Cli(home).run("deploy", "--help");

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().contains("overtime deploy target/my-app.jar"), result.out());
  }
}
