package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --start-at/--start-in/--ttl}, {@code reschedule}, and how delayed runs are shown. */
@Timeout(180)
class DelayedRunCommandTest {
  @TempDir Path home;

  private CliResult run(Cli cli, String... options) {
    String[] args = new String[5 + options.length];
    args[0] = "run";
    args[1] = "factorial";
    args[2] = "--payload";
    args[3] = "{\"num\": 5}";
    args[4] = "--app=" + TestApp.jar();
    System.arraycopy(options, 0, args, 5, options.length);
    return cli.run(args);
  }

  @Test
  void badStartAndTtlValuesNameTheFlagAndAnExampleAndStartNothing() {
    Cli cli = new Cli(home);
    CliResult startIn = run(cli, "--start-in", "soon");
    assertEquals(ExitStatus.BAD_INPUT.code(), startIn.exitCode(), startIn::toString);
    assertTrue(startIn.err().contains("--start-in: 'soon' is not a duration"), startIn::toString);
    assertTrue(startIn.err().contains("--start-in 10m"), startIn::toString);

    CliResult startAt = run(cli, "--start-at", "tomorrow");
    assertEquals(ExitStatus.BAD_INPUT.code(), startAt.exitCode(), startAt::toString);
    assertTrue(startAt.err().contains("--start-at 2026-12-24T18:00:00Z"), startAt::toString);

    CliResult ttl = run(cli, "--ttl", "0s");
    assertEquals(ExitStatus.BAD_INPUT.code(), ttl.exitCode(), ttl::toString);
    assertTrue(ttl.err().contains("--ttl"), ttl::toString);

    CliResult both = run(cli, "--start-in", "1m", "--start-at", "2030-01-01T00:00:00Z");
    assertEquals(ExitStatus.BAD_INPUT.code(), both.exitCode(), both::toString);
    assertTrue(both.err().contains("exclusive"), both::toString);

    assertEquals("[]", cli.run("runs", "--json").out().replaceAll("\\s", ""));
  }

  @Test
  void aDelayedRunIsShownWithItsTimesRescheduledToNowAndThenRefused() throws Exception {
    Cli cli = new Cli(home);
    CliResult scheduled = run(cli, "--start-in", "1h", "--ttl", "2h", "--json");
    assertEquals(0, scheduled.exitCode(), scheduled::toString);
    JsonNode run = JsonCodec.shared().readTree(scheduled.out());
    String id = run.get("runId").asText();
    assertEquals("DELAYED", run.get("status").asText(), scheduled.out());
    Instant startAt = Instant.parse(run.get("startAt").asText());
    assertEquals(startAt.plus(Duration.ofHours(2)), Instant.parse(run.get("expiresAt").asText()));

    String table = cli.run("runs").out();
    assertTrue(table.contains(id + "  factorial  DELAYED until "), table);
    String status = cli.run("status", id).out();
    assertTrue(status.contains("Start at ") && status.contains("Expires "), status);

    CliResult now = cli.run("reschedule", id, "--in", "0s");
    assertEquals(0, now.exitCode(), now::toString);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String finalStatus = "";
    while (System.nanoTime() < deadline) {
      finalStatus =
          JsonCodec.shared().readTree(cli.run("status", id, "--json").out()).get("status").asText();
      if (finalStatus.equals("SUCCEEDED") || finalStatus.equals("FAILED")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("SUCCEEDED", finalStatus);

    CliResult refused = cli.run("reschedule", id, "--in", "1h");
    assertEquals(ExitStatus.CONFLICT.code(), refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("cannot be rescheduled: it is SUCCEEDED"), refused::toString);
  }

  @Test
  void cancelOfADelayedRunEndsItWithoutStartingIt() throws Exception {
    Cli cli = new Cli(home);
    String id =
        JsonCodec.shared()
            .readTree(run(cli, "--start-at", "2099-01-01T00:00:00Z", "--json").out())
            .get("runId")
            .asText();

    CliResult cancelled = cli.run("cancel", id, "--json");

    JsonNode after = JsonCodec.shared().readTree(cancelled.out());
    assertEquals("CANCELLED", after.get("status").asText(), cancelled::toString);
    assertTrue(after.get("startedAt").isNull());
    CliResult missing = cli.run("reschedule", id);
    assertEquals(ExitStatus.BAD_INPUT.code(), missing.exitCode(), missing::toString);
  }
}
