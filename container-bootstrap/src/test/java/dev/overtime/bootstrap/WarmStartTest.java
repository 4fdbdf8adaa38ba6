package dev.overtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.ContractStream;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap reading its contract from standard input, as a pre-started JVM does. */
class WarmStartTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aContractFromStandardInputRunsLikeOneFromTheEnvironment() throws Exception {
    Path outcome = directory.resolve("outcome.json");
    Map<String, String> contract = new LinkedHashMap<>();
    contract.put("OVERTIME_JOB", "no-such-job");
    contract.put("OVERTIME_RUN_ID", "R7");
    contract.put("OVERTIME_ATTEMPT", "2");
    contract.put("OVERTIME_PAYLOAD", "{\n}");
    contract.put("OVERTIME_RESULT_URI", outcome.toUri().toString());

    int code = run(ContractStream.write(contract));

    assertEquals(2, code, err());
    assertTrue(err().contains("[overtime.unknown-job] No job 'no-such-job'"), err());
    RunOutcome written = OutcomeDocument.read(Files.readAllBytes(outcome));
    assertEquals("R7", written.runId());
    assertEquals(2, written.attempt());
  }

  @Test
  void aLaunchAlreadyClaimedInTheStdinContractIsSupersededBeforeAnythingRuns() throws Exception {
    Path outcome = directory.resolve("outcome.json");
    Path began = directory.resolve("began.json");
    Path claim = directory.resolve("launch-1.claim");
    Files.writeString(claim, "pid 1\nstart 0\n");
    Map<String, String> contract = new LinkedHashMap<>();
    contract.put("OVERTIME_JOB", "no-such-job");
    contract.put("OVERTIME_RUN_ID", "R7");
    contract.put("OVERTIME_ATTEMPT", "1");
    contract.put("OVERTIME_PAYLOAD", "{}");
    contract.put("OVERTIME_RESULT_URI", outcome.toUri().toString());
    contract.put("OVERTIME_BEGAN_URI", began.toUri().toString());
    contract.put("OVERTIME_ATTEMPT_LOCK", directory.resolve("launch-1.lock").toString());
    contract.put("OVERTIME_ATTEMPT_CLAIM", claim.toString());

    int code = run(ContractStream.write(contract));

    assertEquals(7, code, err());
    assertTrue(err().contains("already claimed"), err());
    assertFalse(err().contains("unknown-job"), "the job was not even looked up: " + err());
    assertFalse(Files.exists(outcome), "no outcome");
    assertFalse(Files.exists(began), "no began document");
    assertEquals("pid 1\nstart 0\n", Files.readString(claim));
  }

  @Test
  void theEndOfInputBeforeAContractEndsTheJvmQuietly() {
    assertEquals(0, run(new byte[0]));
    assertEquals("", err());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aContractCutShortIsABadInvocation() {
    byte[] whole = ContractStream.write(Map.of("OVERTIME_JOB", "factorial"));
    int code = run(Arrays.copyOf(whole, whole.length - 1));
    assertEquals(2, code);
    assertTrue(err().contains("Could not read the run contract from standard input"), err());
    assertTrue(err().contains("The handler did not run"), err());
  }

  private int run(byte[] input) {
    return WarmStart.run(
        new ByteArrayInputStream(input),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
