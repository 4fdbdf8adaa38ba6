package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs} and {@code status} without picocli: the command lines it takes print what picocli
 * prints and exit as it exits; every other one it leaves to picocli untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectCommandsTest {
  @TempDir static Path home;

  private String five;
  private String failed;

  @BeforeAll
  void startRuns() throws Exception {
    Cli cli = new Cli(home);
    five = start(cli, "{\"num\": 5}");
    failed = start(cli, "{\"num\": -3}");
  }

  private static String start(Cli cli, String payload) throws Exception {
    CliResult result =
        cli.run(
            "run", "factorial", "--payload", payload, "--wait", "--json", "--app", TestApp.jar());
    return JsonCodec.shared().readTree(result.out()).get("runId").asText();
  }

  private String where() {
    return home.toString();
  }

  /** Runs {@code args} directly: its exit code, or NOT_HANDLED; output into {@code out}. */
  private static int direct(StringWriter out, Map<String, String> environment, String... args) {
    return DirectCommands.run(args, environment, Terminal.plain(), new PrintWriter(out, true));
  }

  private void assertHandledAsPicocliDoes(String... args) {
    StringWriter out = new StringWriter();
    int exitCode = direct(out, Map.of(), args);
    CliResult picocli = Cli.runThroughPicocli(args);
    String line = String.join(" ", args);
    assertNotEquals(DirectCommands.NOT_HANDLED, exitCode, line + " was left to picocli");
    assertEquals(picocli.exitCode(), exitCode, line);
    assertEquals(picocli.out(), out.toString(), line);
    assertEquals("", picocli.err(), line);
  }

  private void assertLeftToPicocli(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    assertEquals(
        DirectCommands.NOT_HANDLED,
        direct(out, environment, args),
        String.join(" ", args) + " was run directly");
    assertEquals("", out.toString(), "nothing printed for " + String.join(" ", args));
  }

  @Test
  void plainRunsAndStatusCommandLinesPrintWhatPicocliPrints() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"runs", "--home", where()});
    lines.add(new String[] {"--home", where(), "runs"});
    lines.add(new String[] {"--home=" + where(), "runs", "--json"});
    lines.add(new String[] {"runs", "--limit", "1", "--home", where()});
    lines.add(new String[] {"runs", "--status", "failed", "--home", where()});
    lines.add(new String[] {"runs", "--status=SUCCEEDED", "--json", "--home", where()});
    lines.add(new String[] {"runs", "--job", "factorial", "--limit=7", "--home", where()});
    lines.add(new String[] {"runs", "--job", "transcode", "--home", where()});
    lines.add(new String[] {"runs", "--tag", "customer:42", "--home", where()});
    lines.add(new String[] {"--engine", "local", "runs", "--home", where()});
    lines.add(new String[] {"runs", "--engine", " LOCAL ", "--home", where()});
    lines.add(new String[] {"status", five, "--home", where()});
    lines.add(new String[] {"status", failed, "--json", "--home", where()});
    lines.add(new String[] {"--home", where(), "status", "--json", five});
    lines.add(new String[] {"runs", "--home", home.resolve("never-used").toString()});
    for (String[] line : lines) {
      assertHandledAsPicocliDoes(line);
    }
  }

  @Test
  void everythingElseIsLeftToPicocliWithNothingPrinted() throws Exception {
    Path file = Files.createFile(home.resolve("a-file"));
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {});
    lines.add(new String[] {"runs", "-h"});
    lines.add(new String[] {"runs", "--help"});
    lines.add(new String[] {"--version"});
    lines.add(new String[] {"status"});
    lines.add(new String[] {"status", five, five});
    lines.add(new String[] {"status", "--job", "factorial", five});
    lines.add(new String[] {"logs", five});
    lines.add(new String[] {"runs", "extra"});
    lines.add(new String[] {"runs", "--limit", "0"});
    lines.add(new String[] {"runs", "--limit", "010"});
    lines.add(new String[] {"runs", "--limit", "1e3"});
    lines.add(new String[] {"runs", "--limit", "-1"});
    lines.add(new String[] {"runs", "--limit", "9999999999"});
    lines.add(new String[] {"runs", "--status", "DONE"});
    lines.add(new String[] {"runs", "--status", "succeeded!"});
    lines.add(new String[] {"runs", "--json", "--json"});
    lines.add(new String[] {"runs", "--job", "a", "--job", "b"});
    lines.add(new String[] {"runs", "--job"});
    lines.add(new String[] {"runs", "--job", "-x"});
    lines.add(new String[] {"runs", "--job", "status"});
    lines.add(new String[] {"runs", "--job", ""});
    lines.add(new String[] {"runs", "--json=true"});
    lines.add(new String[] {"--json", "runs"});
    lines.add(new String[] {"runs", "--"});
    lines.add(new String[] {"runs", "--colour"});
    lines.add(new String[] {"--home", where(), "runs", "--home", where()});
    lines.add(new String[] {"runs", "--engine", "slurm"});
    lines.add(new String[] {"runs", "--engine", "nope"});
    lines.add(new String[] {"runs", "--home", file.toString()});
    lines.add(new String[] {"status", "01NOSUCHRUN", "--home", where()});
    lines.add(new String[] {"status", "--home", where()});
    for (String[] line : lines) {
      assertLeftToPicocli(Map.of(), line);
    }
    assertLeftToPicocli(Map.of("OVERTIME_ENGINE", "aws"), "runs", "--home", where());
  }

  @Test
  void theWholeCommandLineAnswersAsPicocliAloneDoes() {
    // Through OvertimeCli.execute, as ./overtime runs them: direct or not, the same result.
    for (String[] line :
        List.of(
            new String[] {"runs", "--home", where()},
            new String[] {"status", five, "--home", where()},
            new String[] {"status", "01NOSUCHRUN", "--home", where()},
            new String[] {"runs", "--limit", "0", "--home", where()},
            new String[] {"runs", "--status", "DONE", "--home", where()})) {
      CliResult both = Cli.runExactly(line);
      CliResult picocli = Cli.runThroughPicocli(line);
      assertEquals(picocli.toString(), both.toString(), String.join(" ", line));
    }
    CliResult unknown = Cli.runExactly("status", "01NOSUCHRUN", "--home", where());
    assertEquals(ExitStatus.NOT_FOUND.code(), unknown.exitCode());
    assertTrue(unknown.err().contains("No run '01NOSUCHRUN'"), unknown.err());
  }
}
