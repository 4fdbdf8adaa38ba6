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
  }

  @Test
  void deployHelpShowsAnExample() {
    CliResult result = new Cli(home).run("deploy", "--help");

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().contains("overtime deploy target/my-app.jar"), result.out());
  }
}
