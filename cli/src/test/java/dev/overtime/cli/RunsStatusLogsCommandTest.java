package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * runs, status and logs over three finished runs: factorial 5, factorial 7, and a failing
 * factorial.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsStatusLogsCommandTest {
  @TempDir static Path home;

  private Cli cli;
  private String five;
  private String seven;
  private String failed;

  @BeforeAll
  void startRuns() throws Exception {
    cli = new Cli(home);
    five = start("{\"num\": 5}");
    seven = start("{\"num\": 7}");
    failed = start("{\"num\": -3}");
  }

  private String start(String payload) throws Exception {
    CliResult result =
        cli.run(
            "run", "factorial", "--payload", payload, "--wait", "--json", "--app", TestApp.jar());
    return JsonCodec.shared().readTree(result.out()).get("runId").asText();
  }

  @Test
  void runsListsNewestFirstAsATable() {
    CliResult result = cli.run("runs");

    assertEquals(0, result.exitCode(), result::toString);
    String[] lines = result.out().split("\n");
    assertEquals(4, lines.length, result.out());
    assertTrue(
        lines[0].matches("RUN ID\\s+JOB\\s+STATUS\\s+ATTEMPT\\s+CREATED\\s+DURATION"), lines[0]);
    assertTrue(lines[1].startsWith(failed + "  factorial  FAILED "), lines[1]);
    assertTrue(lines[2].startsWith(seven + "  factorial  SUCCEEDED "), lines[2]);
    assertTrue(lines[3].startsWith(five + "  factorial  SUCCEEDED "), lines[3]);
  }

  @Test
  void runsFiltersByStatusJobAndLimit() throws Exception {
    JsonNode failedOnly = json(cli.run("runs", "--status", "failed", "--json"));
    assertEquals(1, failedOnly.size());
    assertEquals(failed, failedOnly.get(0).get("runId").asText());
    assertEquals("FAILED", failedOnly.get(0).get("status").asText());
    assertTrue(
        failedOnly.get(0).has("error") && !failedOnly.get(0).has("result"),
        "list views leave results out");

    assertEquals(1, json(cli.run("runs", "--limit", "1", "--json")).size());
    assertEquals(0, json(cli.run("runs", "--job", "transcode", "--json")).size());
    assertEquals(
        "No runs of transcode under " + home.toAbsolutePath().normalize() + ".\n",
        cli.run("runs", "--job", "transcode").out());
  }

  @Test
  void runsRefusesABadStatusOrLimit() {
    CliResult status = cli.run("runs", "--status", "DONE");
    assertEquals(ExitStatus.BAD_INPUT.code(), status.exitCode());
    assertTrue(
        status.err().contains("QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST"),
        status.err());

    CliResult limit = cli.run("runs", "--limit", "0");
    assertEquals(ExitStatus.BAD_INPUT.code(), limit.exitCode());
    assertTrue(limit.err().contains("--limit must be at least 1"), limit.err());
  }

  @Test
  void statusShowsResultOrError() throws Exception {
    CliResult succeeded = cli.run("status", seven);
    assertEquals(0, succeeded.exitCode(), succeeded::toString);
    assertTrue(succeeded.out().contains("Status    SUCCEEDED\n"), succeeded.out());
    assertTrue(succeeded.out().contains("Result    5040\n"), succeeded.out());

    JsonNode failedRun = json(cli.run("status", failed, "--json"));
    assertEquals("FAILED", failedRun.get("status").asText());
    assertEquals("dev.overtime.NonRetryableException", failedRun.at("/error/type").asText());
    assertEquals(
        "num must be between 0 and 100000, was -3", failedRun.at("/error/message").asText());
  }

  @Test
  void logsPrintsTheRunsOutput() {
    CliResult result = cli.run("logs", seven);

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().contains("Factorial of 7 is 5040\n"), result.out());
  }

  @Test
  void anUnknownRunIdIsNotFoundForEveryCommand() {
    for (String command : new String[] {"status", "logs", "cancel"}) {
      CliResult result = cli.run(command, "01NOSUCHRUN");
      assertEquals(ExitStatus.NOT_FOUND.code(), result.exitCode(), command + ": " + result);
      assertTrue(
          result.err().contains("No run '01NOSUCHRUN' under " + home.toAbsolutePath().normalize()),
          result.err());
    }
  }

  @Test
  void aHomeWithoutRunsIsEmptyNotAnError(@TempDir Path empty) {
    CliResult result = new Cli(empty.resolve("never-used")).run("runs");

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().startsWith("No runs under "), result.out());
  }

  @Test
  void anEmptyRunDatabaseBesideRunDirectoriesIsAnEnvironmentErrorNamingTheFile(@TempDir Path lost)
      throws Exception {
    Files.createDirectories(lost.resolve("runs").resolve("01KB3M5W6S0000000000000000"));
    Files.createFile(lost.resolve("runs.db"));

    CliResult result = new Cli(lost).run("runs");

    assertEquals(ExitStatus.ENVIRONMENT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains(lost.resolve("runs.db").toString()), result.err());
    assertTrue(result.err().contains("is empty"), result.err());
    assertEquals(0, Files.size(lost.resolve("runs.db")), "the file is left as it is");
  }

  private static JsonNode json(CliResult result) throws Exception {
    assertEquals(0, result.exitCode(), result::toString);
    return JsonCodec.shared().readTree(result.out());
  }
}
