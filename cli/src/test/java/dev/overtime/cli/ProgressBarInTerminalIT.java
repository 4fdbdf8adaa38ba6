package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ./overtime launcher on a pseudo-terminal ({@code script}, util-linux): the sample
 * transcode job, in its own process, reports progress that {@code run --wait} draws as a live bar.
 * The transcript is kept in {@code target/progress-terminal.txt}.
 */
class ProgressBarInTerminalIT {
  private static final Path SCRIPT = Paths.get("..", "overtime").toAbsolutePath().normalize();

  @TempDir Path home;
  @TempDir static Path cliCache;

  @Test
  void runWaitOnATerminalDrawsALiveProgressBarFedByTheJobsProcess() throws Exception {
    Path command = home.resolveSibling(home.getFileName() + "-command.sh");
    Files.writeString(
        command,
        String.join(
            " ",
            List.of(
                "exec bash",
                quote(SCRIPT.toString()),
                "run transcode --payload '{\"seconds\": 4}' --wait --app",
                quote(TestApp.jar()),
                "--home",
                quote(home.toString()))));
    ProcessBuilder builder =
        new ProcessBuilder("script", "-qfec", "bash " + quote(command.toString()), "/dev/null");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("OVERTIME_CLI_CACHE", cliCache.toString());
    builder.environment().put("TERM", "xterm-256color");
    builder.environment().put("COLUMNS", "100");
    builder.environment().remove("NO_COLOR");
    builder.environment().remove("OVERTIME_HOME");
    builder.redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] bytes = process.getInputStream().readAllBytes();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "overtime run --wait did not finish");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(command);
    }
    String transcript = new String(bytes, StandardCharsets.UTF_8);
    Files.writeString(Paths.get("target", "progress-terminal.txt"), transcript);

    assertEquals(0, process.exitValue(), transcript);
    Matcher bars =
        Pattern.compile("transcode \033\\[0m▕[█▉▊▋▌▍▎▏ ]{20}▏ (\\d+)%\033\\[2m  second (\\d) of 4")
            .matcher(transcript);
    int redraws = 0;
    int highest = -1;
    while (bars.find()) {
      redraws++;
      highest = Math.max(highest, Integer.parseInt(bars.group(1)));
    }
    assertTrue(redraws >= 3, "the bar is redrawn as the job reports: " + transcript);
    assertTrue(highest >= 50, "the bar reached " + highest + "%: " + transcript);
    assertTrue(
        transcript.matches("(?s).*\\d\\.\\ds elapsed, about \\d\\.\\ds left.*"),
        "elapsed time and an estimate of the time left: " + transcript);
    assertTrue(transcript.contains("SUCCEEDED in "), transcript);
    assertTrue(!transcript.contains("[progress]"), "a terminal gets the bar, not plain lines");
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
