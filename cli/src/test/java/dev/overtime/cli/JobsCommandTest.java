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

class JobsCommandTest {
  @TempDir Path home;

  @Test
  void listsEveryJobWithItsConfigurationAndPayloadFields() {
    CliResult result = new Cli(home).run("jobs", "--app", TestApp.jar());

    assertEquals(0, result.exitCode(), result::toString);
    String[] lines = result.out().split("\n");
    assertTrue(
        lines[0].matches("JOB\\s+TIMEOUT\\s+MEMORY\\s+CPU\\s+RETRIES\\s+PAYLOAD\\s+HANDLER"),
        lines[0]);
    assertTrue(
        lines[1].matches(
            "factorial\\s+1 hour\\s+512 MB\\s+0\\.25 vCPU\\s+0\\s+num:"
                + " integer\\s+dev\\.overtime\\.sample\\.Factorial"),
        lines[1]);
    assertTrue(
        lines[2].matches(
            "transcode\\s+2 hours\\s+1 GB\\s+1 vCPU\\s+2\\s+seconds:"
                + " integer\\s+dev\\.overtime\\.sample\\.Transcode"),
        lines[2]);
  }

  @Test
  void jsonListsJobsWithSchemasInTheDocumentedShape() throws Exception {
    CliResult result = new Cli(home).run("jobs", "--app", TestApp.jar(), "--json");

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode jobs = JsonCodec.shared().readTree(result.out());
    assertEquals(2, jobs.size());
    JsonNode factorial = jobs.get(0);
    assertEquals("factorial", factorial.get("name").asText());
    assertEquals("dev.overtime.sample.Factorial", factorial.get("handler").asText());
    assertEquals(3600, factorial.get("timeoutSeconds").asLong());
    assertEquals(512, factorial.get("memoryMib").asInt());
    assertEquals(256, factorial.get("cpuUnits").asInt());
    assertEquals("0.25 vCPU", factorial.at("/declared/cpu").asText());
    assertEquals(0, factorial.get("retries").asInt());
    assertEquals(
        "integer",
        factorial
            .at("/payloadSchema/$defs/dev.overtime.sample.FactorialPayload/properties/num/type")
            .asText());
    assertEquals("META-INF/overtime/dev.overtime.sample.json", factorial.get("manifest").asText());
  }

  @Test
  void withoutAnApplicationSaysHowToNameOne() {
    CliResult result = new Cli(home).run("jobs");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("--app target/my-app.jar"), result.err());
  }

  @Test
  void aMissingJarIsAnEnvironmentErrorThatSaysToBuildIt() {
    CliResult result = new Cli(home).run("jobs", "--app", home.resolve("missing.jar").toString());

    assertEquals(ExitStatus.ENVIRONMENT.code(), result.exitCode(), result::toString);
    assertTrue(
        result.err().contains("No file or directory at " + home.resolve("missing.jar")),
        result.err());
    assertTrue(result.err().contains("mvn -B -ntp -q package"), result.err());
  }

  @Test
  void appAndClasspathTogetherAreRefused() {
    CliResult result = new Cli(home).run("jobs", "--app", TestApp.jar(), "--classpath", "classes");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("--app and --classpath both given"), result.err());
  }

  @Test
  void helpShowsAnExample() {
    CliResult result = Cli.runExactly("jobs", "--help");

    assertEquals(0, result.exitCode());
    assertTrue(result.out().contains("Example:"), result.out());
    assertTrue(result.out().contains("overtime jobs --app"), result.out());
  }
}
