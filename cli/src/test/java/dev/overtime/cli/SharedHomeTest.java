package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.Conditions;
import dev.overtime.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI reads, follows and cancels runs that a running application (the sample app) started on
 * the same home.
 */
class SharedHomeTest {
  @TempDir Path home;

  private Process application;

  @AfterEach
  void stopApplication() throws Exception {
    if (application != null) {
      application.destroy();
      if (!application.waitFor(20, TimeUnit.SECONDS)) {
        application.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  // java -jar sample-app.jar on a free port and this home; starts a transcode through its HTTP API.
  private String startApplicationRun(int seconds) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-jar", TestApp.jar()))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("OVERTIME_HOME", home.toString());
    builder.environment().put("PORT", "0");
    application = builder.start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(application.getInputStream(), StandardCharsets.UTF_8));
    String banner = out.readLine();
    Matcher address =
        Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(banner));
    assertTrue(address.find(), "the sample app did not say where it listens: " + banner);
    HttpResponse<String> started =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(address.group(1) + "/api/transcode"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": " + seconds + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(202, started.statusCode(), started.body());
    return JsonCodec.shared().readTree(started.body()).get("runId").asText();
  }

  private JsonNode status(Cli cli, String runId) {
    CliResult result = cli.run("status", runId, "--json");
    assertEquals(0, result.exitCode(), result::toString);
    try {
      return JsonCodec.shared().readTree(result.out());
    } catch (Exception e) {
      throw new AssertionError(result.out(), e);
    }
  }

  @Test
  void cliSeesFollowsAndCancelsARunOfARunningApplication() throws Exception {
    String runId = startApplicationRun(120);
    Cli cli = new Cli(home);

    Conditions.await(
        "the run to be RUNNING",
        Duration.ofSeconds(30),
        () -> status(cli, runId).get("status").asText(),
        "RUNNING"::equals);
    CliResult runs = cli.run("runs", "--status", "RUNNING");
    assertTrue(
        runs.out().matches("(?s)RUN ID.*\n" + runId + "\\s+transcode\\s+RUNNING\\s+1\\s+.*"),
        runs.out());
    Conditions.await(
        "progress in the log",
        Duration.ofSeconds(30),
        () -> cli.run("logs", runId).out(),
        log -> log.contains("Transcoding: "));

    CliResult cancel = cli.run("cancel", runId);

    assertEquals(0, cancel.exitCode(), cancel::toString);
    assertEquals("Run " + runId + " of transcode: CANCELLED.\n", cancel.out());
    JsonNode finished = status(cli, runId);
    assertEquals("CANCELLED", finished.get("status").asText());
    assertTrue(finished.get("result").isNull());
  }

  @Test
  void cancellingAFinishedRunLeavesItAsItIs() throws Exception {
    Cli cli = new Cli(home);
    CliResult run =
        cli.run(
            "run",
            "factorial",
            "--payload",
            "{\"num\": 3}",
            "--wait",
            "--json",
            "--app",
            TestApp.jar());
    String runId = JsonCodec.shared().readTree(run.out()).get("runId").asText();

    CliResult cancel = cli.run("cancel", runId);

    assertEquals(0, cancel.exitCode(), cancel::toString);
    assertEquals(
        "Run " + runId + " of factorial had already ended: SUCCEEDED. Nothing to cancel.\n",
        cancel.out());
    assertEquals("SUCCEEDED", status(cli, runId).get("status").asText());
  }
}
