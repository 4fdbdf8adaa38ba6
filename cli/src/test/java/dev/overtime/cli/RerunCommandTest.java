package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overtime rerun}: a new run with the original's payload, shown in both by status. */
class RerunCommandTest {
  @TempDir Path home;

  private static JsonNode json(CliResult result) {
    try {
      return JsonCodec.shared().readTree(result.out());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  @Test
  void rerunStartsANewRunWithTheSamePayloadShownInBothRuns() throws Exception {
    Cli cli = new Cli(home);
    CliResult first =
        cli.run(
            "run",
            "factorial",
            "--payload",
            "{\"num\": 5}",
            "--wait",
            "--json",
            "--app",
            TestApp.jar());
    String original = json(first).get("runId").asText();

    CliResult rerun = cli.run("rerun", original, "--json");

    assertEquals(0, rerun.exitCode(), rerun::toString);
    String again = json(rerun).get("runId").asText();
    assertNotEquals(original, again);
    assertEquals(original, json(rerun).get("rerunOf").asText());
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode status = json(cli.run("status", again, "--json"));
    while (!status.get("status").asText().equals("SUCCEEDED") && System.nanoTime() < deadline) {
      assertTrue(status.get("status").asText().matches("QUEUED|RUNNING"), status::toString);
      Thread.sleep(100);
      status = json(cli.run("status", again, "--json"));
    }
    assertEquals("SUCCEEDED", status.get("status").asText(), status::toString);
    assertEquals(json(first).get("result"), status.get("result"));
    assertEquals(original, status.get("rerunOf").asText());

    CliResult originalStatus = cli.run("status", original);
    assertTrue(originalStatus.out().contains("Re-run as " + again), originalStatus::toString);
    assertEquals(again, json(cli.run("status", original, "--json")).get("reruns").get(0).asText());
    assertTrue(
        cli.run("status", again).out().contains("Re-run of " + original), originalStatus::toString);
  }

  @Test
  void rerunOfAnUnknownRunIsNotFound() throws Exception {
    Cli cli = new Cli(home);
    cli.run(
        "run",
        "factorial",
        "--payload",
        "{\"num\": 3}",
        "--wait",
        "--json",
        "--app",
        TestApp.jar());

    CliResult result = cli.run("rerun", "01NOSUCHRUN");

    assertEquals(6, result.exitCode(), result::toString);
    assertTrue(result.err().contains("01NOSUCHRUN"), result::toString);
  }
}
