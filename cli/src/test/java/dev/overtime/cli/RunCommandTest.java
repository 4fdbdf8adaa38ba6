package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path home;

  private CliResult run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "run";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--app";
    all[args.length + 2] = TestApp.jar();
    return new Cli(home).run(all);
  }

  private int runCount() throws Exception {
    CliResult runs = new Cli(home).run("runs", "--json");
    return JsonCodec.shared().readTree(runs.out()).size();
  }

  @Test
  void waitShowsTheJobsLogAndResultAndExitsZero() {
    CliResult result = run("factorial", "--payload", "{\"num\": 20}", "--wait");

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().contains("Factorial of 20 is 2432902008176640000\n"), result.out());
    assertTrue(result.out().contains("SUCCEEDED in "), result.out());
    assertTrue(result.out().endsWith("result: 2432902008176640000\n"), result.out());
  }

  @Test
  void waitWithJsonPrintsOnlyTheFinishedRunOnStdout() throws Exception {
    CliResult result = run("factorial", "--payload", "{\"num\": 5}", "--wait", "--json");

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode run = JsonCodec.shared().readTree(result.out());
    assertEquals("SUCCEEDED", run.get("status").asText());
    assertEquals("factorial", run.get("job").asText());
    assertEquals(120, run.get("result").asInt());
    assertTrue(run.get("error").isNull());
    assertTrue(
        run.has("createdAt")
            && run.has("startedAt")
            && run.has("finishedAt")
            && run.has("attempt"));
    assertTrue(result.err().contains("Factorial of 5 is 120"), result.err());
  }

  @Test
  void aFailingRunExitsOneAndShowsTheError() {
    CliResult result = run("factorial", "--payload", "{\"num\": -1}", "--wait");

    assertEquals(ExitStatus.RUN_FAILED.code(), result.exitCode(), result::toString);
    assertTrue(result.out().contains("FAILED in "), result.out());
    assertTrue(
        result
            .out()
            .contains(
                "error: dev.overtime.NonRetryableException: num must be between 0 and 100000, was"
                    + " -1"),
        result.out());
  }

  @Test
  void aPayloadOfTheWrongTypeNamesThePathAndStartsNothing() throws Exception {
    CliResult result =
        run("factorial", "--payload", "{\"num\": \"twenty\", \"colour\": 1}", "--wait");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("$.num: string found, integer expected"), result.err());
    assertTrue(result.err().contains("$.colour: unknown property"), result.err());
    assertTrue(result.err().contains("Nothing was started."), result.err());
    assertFalse(Files.exists(home.resolve("runs")) && runCount() > 0, "a run was recorded");
  }

  @Test
  void aMissingValueNamesItsPath() {
    CliResult result = run("factorial", "--payload", "{}");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("$.num: missing required value"), result.err());
  }

  @Test
  void malformedJsonSaysWhere() {
    CliResult result = run("factorial", "--payload", "{\"num\": 2");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("$: not valid JSON (line 1, column"), result.err());
  }

  @Test
  void anUnknownJobListsTheKnownOnes() {
    CliResult result = run("fibonacci", "--payload", "{}");

    assertEquals(ExitStatus.NOT_FOUND.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("No job 'fibonacci'"), result.err());
    assertTrue(result.err().contains("factorial, transcode"), result.err());
  }

  @Test
  void readsThePayloadFromAFile() throws Exception {
    Path payload =
        Files.writeString(
            home.resolveSibling(home.getFileName() + "-payload.json"), "{\"num\": 10}");
    try {
      CliResult result = run("factorial", "--payload", "@" + payload, "--wait");

      assertEquals(0, result.exitCode(), result::toString);
      assertTrue(result.out().contains("result: 3628800"), result.out());
    } finally {
      Files.deleteIfExists(payload);
    }
  }

  @Test
  void aMissingPayloadFileIsBadInput() {
    CliResult result = run("factorial", "--payload", "@" + home.resolve("nope.json"));

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(result.err().contains("no file " + home.resolve("nope.json")), result.err());
  }

  @Test
  void withoutPayloadOptionPicocliExplainsUsage() {
    CliResult result = run("factorial");

    assertEquals(ExitStatus.BAD_INPUT.code(), result.exitCode(), result::toString);
    assertTrue(
        result.err().contains("Missing required option: '--payload=JSON|@file|@-'"), result.err());
  }

  @Test
  void withoutWaitReturnsOnceTheRunHasItsOwnProcess() throws Exception {
    CliResult result = run("transcode", "--payload", "{\"seconds\": 1}", "--json");

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode run = JsonCodec.shared().readTree(result.out());
    assertTrue(run.get("status").asText().matches("RUNNING|SUCCEEDED"), result.out());
    CliResult logs = new Cli(home).run("logs", run.get("runId").asText(), "-f");
    assertEquals(0, logs.exitCode(), logs::toString);
    assertTrue(logs.out().contains("Transcoding: 1/1 s (100%)"), logs.out());
  }

  // Regression: 'run' returns on RUNNING and closes its engine; close() used to interrupt launch()
  // between claiming the run and recording its process, so the next engine marked it LOST and
  // retried it while the first attempt still ran.
  @Test
  void aRunStartedByAnEarlierCommandCanBeCancelledByTheNext() throws Exception {
    CliResult started = run("transcode", "--payload", "{\"seconds\": 120}", "--json");
    String runId = JsonCodec.shared().readTree(started.out()).get("runId").asText();

    CliResult cancel = new Cli(home).run("cancel", runId, "--json");

    assertEquals(0, cancel.exitCode(), cancel::toString);
    JsonNode cancelled = JsonCodec.shared().readTree(cancel.out());
    assertEquals("CANCELLED", cancelled.get("status").asText(), cancel.out());
    assertEquals(1, cancelled.get("attempt").asInt(), "a cancelled run is not retried");
  }
}
