package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a user can make on the command line gets one {@code error:} line and the documented
 * exit code (docs/cli.md), never an internal error with a stack trace, and nothing is started.
 */
class BadArgumentsTest {
  @TempDir Path home;

  private static void assertCleanFailure(CliResult result, ExitStatus expected, String says) {
    assertEquals(expected.code(), result.exitCode(), result::toString);
    assertTrue(result.err().startsWith("error: "), result.err());
    assertTrue(result.err().contains(says), result.err());
    assertFalse(result.err().contains("internal error"), result.err());
    assertFalse(result.err().contains("\tat "), result.err());
  }

  private CliResult runFactorial(String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "run";
    args[1] = "factorial";
    args[2] = "--app";
    args[3] = TestApp.jar();
    args[4] = "--payload";
    System.arraycopy(extra, 0, args, 5, extra.length);
    return new Cli(home).run(args);
  }

  @Test
  void anEmptyIdempotencyKeyIsBadInputAndStartsNothing() {
    CliResult result = runFactorial("{\"num\": 3}", "--idempotency-key", "");

    assertCleanFailure(
        result, ExitStatus.BAD_INPUT, "--idempotency-key: the key must not be empty");
    assertFalse(Files.exists(home.resolve("runs.db")), "nothing recorded");
  }

  @Test
  void aHugeIdempotencyKeyIsBadInputSayingTheLimit() {
    CliResult result = runFactorial("{\"num\": 3}", "--idempotency-key", "k".repeat(100_000));

    assertCleanFailure(result, ExitStatus.BAD_INPUT, "use at most 200");
    assertTrue(result.err().length() < 400, "the key is not echoed: " + result.err().length());
  }

  @Test
  void aHomeThatIsAFileIsAnEnvironmentErrorNotAnEmptyList() throws Exception {
    Path file = Files.writeString(home.resolve("not-a-dir"), "x");

    CliResult result = Cli.runExactly("--home", file.toString(), "runs");

    assertCleanFailure(result, ExitStatus.ENVIRONMENT, "is a file, not a directory");
    assertFalse(result.out().contains("No runs"), result.out());
  }

  @Test
  void aHomeThatCannotBeCreatedIsAnEnvironmentError() {
    CliResult result =
        Cli.runExactly(
            "run",
            "factorial",
            "--app",
            TestApp.jar(),
            "--payload",
            "{\"num\": 3}",
            "--home",
            "/proc/self/x");

    assertCleanFailure(result, ExitStatus.ENVIRONMENT, "/proc/self/x");
  }

  @Test
  void aConsolePortOutOfRangeIsBadInput() {
    CliResult result = new Cli(home).run("console", "--port", "99999");

    assertCleanFailure(result, ExitStatus.BAD_INPUT, "--port 99999: use a port from 1 to 65535");
  }

  @Test
  void aConsoleBindAddressThatIsNoAddressIsBadInput() {
    CliResult result = new Cli(home).run("console", "--port", "0", "--bind", "999.1.1.1");

    assertCleanFailure(result, ExitStatus.BAD_INPUT, "--bind 999.1.1.1: not an IP address");
  }

  @Test
  void aPayloadFileThatIsNotUtf8IsBadInputSayingSo() throws Exception {
    Path payload = Files.write(home.resolve("payload.json"), new byte[] {'{', '"', (byte) 0xff});

    CliResult result = runFactorial("@" + payload);

    assertCleanFailure(result, ExitStatus.BAD_INPUT, "not UTF-8 text (byte 3 of 3)");
    assertFalse(result.err().contains("Input length"), result.err());
  }

  @Test
  void aMalformedPayloadIsNeverEchoedInTheError() {
    CliResult result = runFactorial("sk_live_4eC39HqLyjWDarjtT1zdp7dc");

    assertCleanFailure(result, ExitStatus.BAD_INPUT, "not valid JSON (line 1, column");
    assertFalse(result.err().contains("sk_live"), result.err());
    assertFalse(result.out().contains("sk_live"), result.out());
  }
}
