package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dev.overtime.bootstrap.Main as a real process: the run contract, exit codes, outcome, SIGTERM.
 */
@Timeout(120)
class BootstrapProcessTest {
  @TempDir Path directory;

  @AfterEach
  void cleanUp() {
    ChildProcesses.killDescendants();
  }

  private Process start(Map<String, String> contract, String... args) throws IOException {
    return startOn(System.getProperty("java.class.path"), contract, args);
  }

  private Process startOn(String classpath, Map<String, String> contract, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(SeparateJvm.javaCommand(), "-cp", classpath, "dev.overtime.bootstrap.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(directory.resolve("out.txt").toFile())
            .redirectError(directory.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OVERTIME_"));
    builder.environment().putAll(contract);
    return builder.start();
  }

  private Map<String, String> contract(String job, String payload) {
    Map<String, String> env = new HashMap<>();
    env.put(RunContract.JOB, job);
    env.put(RunContract.RUN_ID, "run-1");
    env.put(RunContract.PAYLOAD, payload);
    env.put(RunContract.RESULT_URI, outcomeFile().toUri().toString());
    return env;
  }

  private Path outcomeFile() {
    return directory.resolve("outcome.json");
  }

  private JsonNode outcome() throws IOException {
    return JsonCodec.shared().readTree(Files.readAllBytes(outcomeFile()));
  }

  private int exitOf(Process process) throws InterruptedException {
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bootstrap did not exit");
    return process.exitValue();
  }

  private String err() throws IOException {
    return Files.readString(directory.resolve("err.txt"));
  }

  private String out() throws IOException {
    return Files.readString(directory.resolve("out.txt"));
  }

  private String napPayload(String millis) {
    return "{\"millis\":"
        + millis
        + ",\"markerDirectory\":"
        + JsonCodec.shared().encode(directory.toString())
        + ",\"spawnChild\":false}";
  }

  @Test
  void succeededRunWritesItsResultAndExitsZero() throws Exception {
    Process process = start(contract("local-greet", "{\"name\":\"Ada\",\"times\":1}"));

    assertEquals(ExitCode.SUCCEEDED.code(), exitOf(process));
    JsonNode outcome = outcome();
    assertEquals("SUCCEEDED", outcome.get("status").asText());
    assertEquals("Hello, Ada!", outcome.get("result").asText());
    assertEquals("run-1", outcome.get("runId").asText());
    assertTrue(out().contains("Hello, Ada!"));
  }

  @Test
  void anOutcomeThatCannotBeWrittenExitsSixAfterTheHandlerRan() throws Exception {
    // A non-empty directory where the outcome goes: the atomic rename fails, even for root.
    Files.createDirectories(outcomeFile());
    Files.writeString(outcomeFile().resolve("in-the-way"), "");

    Process process = start(contract("local-greet", "{\"name\":\"Ada\",\"times\":1}"));

    assertEquals(ExitCode.OUTCOME_NOT_WRITTEN.code(), exitOf(process));
    assertEquals(6, ExitCode.OUTCOME_NOT_WRITTEN.code(), "documented in docs/run-contract.md");
    assertTrue(out().contains("Hello, Ada!"), "the handler ran: " + out());
    assertTrue(err().contains("[overtime.outcome-not-written] Could not write the outcome"), err());
    assertTrue(err().contains("exiting with code 6"), err());
  }

  @Test
  void theBeganDocumentIsWrittenBeforeTheHandlerRuns() throws Exception {
    Map<String, String> contract = contract("local-greet", "{\"name\":\"Bo\",\"times\":1}");
    contract.put(RunContract.ATTEMPT, "2");
    contract.put(RunContract.BEGAN_URI, directory.resolve("began.json").toUri().toString());

    assertEquals(ExitCode.SUCCEEDED.code(), exitOf(start(contract)));
    assertTrue(BeganDocument.isOf(Files.readAllBytes(directory.resolve("began.json")), "run-1", 2));
  }

  @Test
  void aBadPayloadWritesNoBeganDocument() throws Exception {
    Map<String, String> contract = contract("local-sleep", napPayload("\"soon\""));
    contract.put(RunContract.BEGAN_URI, directory.resolve("began.json").toUri().toString());

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(start(contract)));
    assertFalse(Files.exists(directory.resolve("began.json")), "the handler never began");
  }

  @Test
  void aBeganDocumentThatCannotBeWrittenKeepsTheHandlerFromRunning() throws Exception {
    Files.writeString(directory.resolve("a-file"), "not a directory");
    Map<String, String> contract = contract("local-greet", "{\"name\":\"Cy\",\"times\":1}");
    contract.put(
        RunContract.BEGAN_URI,
        directory.resolve("a-file").resolve("began.json").toUri().toString());

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(start(contract)));
    assertEquals(ErrorCode.BEGAN_NOT_WRITTEN.id(), outcome().get("error").get("type").asText());
    assertTrue(err().contains(RunContract.BEGAN_URI), err());
    assertFalse(out().contains("Hello, Cy!"), "the handler ran: " + out());
  }

  @Test
  void badPayloadExitsWithBadInvocationNamingThePathAndTheHandlerNeverRuns() throws Exception {
    Process process = start(contract("local-sleep", napPayload("\"soon\"")));

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(process));
    assertTrue(err().contains("$.millis"), err());
    assertTrue(err().contains("[overtime.invalid-payload]"), err());
    JsonNode outcome = outcome();
    assertEquals("FAILED", outcome.get("status").asText());
    assertEquals("overtime.invalid-payload", outcome.get("error").get("type").asText());
    assertFalse(outcome.get("retryable").asBoolean());
    try (var files = Files.list(directory)) {
      assertTrue(files.noneMatch(file -> file.toString().endsWith(".marker")), "the handler ran");
    }
  }

  @Test
  void unknownPropertyIsRejectedWithItsPath() throws Exception {
    Process process =
        start(contract("local-greet", "{\"name\":\"Ada\",\"times\":1,\"colour\":\"red\"}"));

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(process));
    assertTrue(err().contains("$.colour"), err());
  }

  @Test
  void unknownJobIsABadInvocationListingTheJobs() throws Exception {
    Process process = start(contract("no-such-job", "{}"));

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(process));
    assertTrue(err().contains("No job 'no-such-job'") && err().contains("local-greet"), err());
  }

  @Test
  void missingJobVariableIsABadInvocation() throws Exception {
    Process process = start(Map.of());

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(process));
    assertTrue(err().contains("OVERTIME_JOB is not set"), err());
  }

  @Test
  void listPrintsTheJobsOnTheClassPath() throws Exception {
    Process process = start(Map.of(), "--list");

    assertEquals(0, exitOf(process));
    assertTrue(
        out().contains("local-greet\tdev.overtime.tests.local.jobs.Greeting -> java.lang.String"),
        out());
    assertTrue(out().contains("local-sleep"), out());
  }

  @Test
  void throwingJobExitsOneWithARetryableError() throws Exception {
    Process process =
        start(
            contract(
                "local-fail",
                "{\"reason\":\"boom\",\"succeedOnAttempt\":0,\"nonRetryable\":false}"));

    assertEquals(ExitCode.FAILED.code(), exitOf(process));
    JsonNode outcome = outcome();
    assertEquals("java.lang.IllegalStateException", outcome.get("error").get("type").asText());
    assertEquals("boom (attempt 1)", outcome.get("error").get("message").asText());
    assertTrue(outcome.get("retryable").asBoolean());
  }

  @Test
  void nonRetryableFailureExitsFive() throws Exception {
    Process process =
        start(
            contract(
                "local-fail",
                "{\"reason\":\"gone\",\"succeedOnAttempt\":0,\"nonRetryable\":true}"));

    assertEquals(ExitCode.FAILED_NO_RETRY.code(), exitOf(process));
    assertFalse(outcome().get("retryable").asBoolean());
  }

  @Test
  void sigtermCancelsTheJobAndExitsThree() throws Exception {
    Process process = start(contract("local-sleep", napPayload("120000")));
    Path marker = Marker.file(directory, "run-1", 1);
    Conditions.waitUntil("the job started", Duration.ofSeconds(60), () -> Marker.started(marker));

    process.destroy();

    assertEquals(ExitCode.CANCELLED.code(), exitOf(process));
    assertEquals("CANCELLED", outcome().get("status").asText());
    assertEquals("overtime.cancelled", outcome().get("error").get("type").asText());
  }

  @Test
  void passingTheDeadlineInterruptsTheJobAndExitsFour() throws Exception {
    Map<String, String> env = contract("local-sleep", napPayload("120000"));
    env.put(RunContract.DEADLINE, Instant.now().plusSeconds(2).toString());
    Process process = start(env);

    assertEquals(ExitCode.TIMED_OUT.code(), exitOf(process));
    assertEquals("TIMED_OUT", outcome().get("status").asText());
  }

  @Test
  void largePayloadIsReadFromThePayloadUri() throws Exception {
    String data = "y".repeat(200_000);
    Path payload = directory.resolve("payload.json");
    Files.writeString(payload, "{\"data\":\"" + data + "\"}", StandardCharsets.UTF_8);
    Map<String, String> env = contract("local-measure", "");
    env.remove(RunContract.PAYLOAD);
    env.put(RunContract.PAYLOAD_URI, payload.toUri().toString());
    Process process = start(env);

    assertEquals(0, exitOf(process), err());
    assertEquals(data.length() + ":" + data.hashCode(), outcome().get("result").asText());
  }

  @Test
  void jobDefinedTwiceOnTheClassPathIsABadInvocationNamingBothHandlers() throws Exception {
    Path services =
        directory.resolve("extra/META-INF/services/dev.overtime.runtime.internal.JobRegistry");
    Files.createDirectories(services.getParent());
    Files.writeString(services, "dev.overtime.tests.local.jobs.DuplicateRegistry\n");
    String classpath =
        directory.resolve("extra")
            + java.io.File.pathSeparator
            + System.getProperty("java.class.path");

    Process process = startOn(classpath, contract("local-greet", "{\"name\":\"Ada\",\"times\":1}"));

    assertEquals(ExitCode.BAD_INVOCATION.code(), exitOf(process));
    assertTrue(
        err().contains("[overtime.duplicate-name]")
            && err().contains("dev.overtime.tests.local.jobs.Greet")
            && err().contains("com.example.other.Greet"),
        err());
    assertFalse(out().contains("Hello"), "the handler ran");
  }
}
