package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment a deploy configuration file binds (docs/aws.md, "Bound resources") reaches runs
 * on the local engine: values for all jobs and the job's own, and a secret only when the caller's
 * environment provides its value; the run contract's names cannot be bound.
 */
@Timeout(180)
class BoundEnvironmentLocalTest {
  @TempDir Path home;
  @TempDir Path project;

  @AfterEach
  void cleanUp() {
    HomeProcesses.killAll(home);
    ChildProcesses.killDescendants();
  }

  @Test
  void boundValuesAndProvidedSecretsReachALocalRun() throws Exception {
    Path config = project.resolve("overtime.deploy.json");
    Files.writeString(
        config,
        """
        {
          "all": {"environment": {"REGION_NAME": "eu-west-1", "LEVEL": "info"}},
          "jobs": {
            "local-env-probe": {
              "environment": {"LEVEL": "debug"},
              "secrets": {"API_TOKEN": "ssm:/prod/api-token", "DB_PASSWORD": "ssm:/prod/db"}
            },
            "local-greet": {"environment": {"ONLY_GREET": "yes"}}
          }
        }
        """);
    Process app =
        SeparateJvm.start(
            ProbeEnvironment.class,
            Map.of("OVERTIME_DEPLOY_CONFIG", config.toString(), "API_TOKEN", "from-the-caller"),
            home.toString(),
            "REGION_NAME",
            "LEVEL",
            "API_TOKEN",
            "DB_PASSWORD",
            "ONLY_GREET");
    BufferedReader output = SeparateJvm.reader(app);
    List<String> lines = SeparateJvm.readUntil(output, "RESULT ");
    assertEquals(
        "RESULT REGION_NAME=eu-west-1, LEVEL=debug, API_TOKEN=from-the-caller, DB_PASSWORD unset,"
            + " ONLY_GREET unset",
        lines.get(lines.size() - 1),
        String.join("\n", lines));
  }
}
