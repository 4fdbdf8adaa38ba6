package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample transcode job's progress through its own process to run --wait, logs -f, status. */
class ProgressCommandsTest {
  @TempDir Path home;

  @Test
  void runWaitOffATerminalPrintsAPlainProgressLineEachTenthAndStatusShowsTheLast()
      throws Exception {
    Cli cli = new Cli(home);
    CliResult wait =
        cli.run(
            "run", "transcode", "--payload", "{\"seconds\": 2}", "--wait", "--app", TestApp.jar());

    assertEquals(0, wait.exitCode(), wait::toString);
    long lines = wait.out().lines().filter(line -> line.startsWith("[progress] ")).count();
    assertTrue(lines >= 2 && lines <= 11, wait.out());
    assertTrue(wait.out().contains("[progress] 100% second 2 of 2, "), wait.out());
    assertTrue(!wait.out().contains("\033["), "no terminal codes off a terminal: " + wait.out());
    String runId = runId(wait.out());

    CliResult status = cli.run("status", runId);
    assertTrue(
        status.out().contains("Progress  ▕████████████████████▏ 100% second 2 of 2 (at "),
        status.out());
    JsonNode json = JsonCodec.shared().readTree(cli.run("status", runId, "--json").out());
    assertEquals(1.0, json.get("progress").get("fraction").asDouble());
    assertEquals("second 2 of 2", json.get("progress").get("message").asText());
    assertTrue(json.get("progress").get("reportedAt").isTextual());
  }

  @Test
  void logsFollowOnATerminalDrawsALiveBarWithElapsedAndTimeLeft() throws Exception {
    Cli cli = new Cli(home);
    CliResult started =
        cli.run(
            "run", "transcode", "--payload", "{\"seconds\": 3}", "--json", "--app", TestApp.jar());
    String runId = JsonCodec.shared().readTree(started.out()).get("runId").asText();

    var commandLine = OvertimeCli.commandLine(Terminal.interactive());
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(new StringWriter(), true));
    int code = commandLine.execute("logs", runId, "-f", "--home", home.toString());

    assertEquals(0, code, out.toString());
    String shown = out.toString();
    Matcher bar = Pattern.compile("transcode \033\\[0m▕[█▉▊▋▌▍▎▏ ]{20}▏ (\\d+)%").matcher(shown);
    assertTrue(bar.find(), shown);
    assertTrue(shown.matches("(?s).*elapsed, about \\d+\\.\\ds left.*"), shown);
    assertTrue(shown.contains("\r\033[2K"), "the status line is redrawn in place");
    assertTrue(shown.contains("Transcoding: 3/3 s (100%)"), shown);
    assertTrue(!shown.contains("[progress]"), "a terminal gets the bar, not plain lines");
  }

  private static String runId(String out) {
    Matcher matcher = Pattern.compile("\\(run ([0-9A-Z]{26})\\)").matcher(out);
    assertTrue(matcher.find(), out);
    return matcher.group(1);
  }
}
