package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overtime supervisor status|stop}, and read commands that start no supervisor. */
class SupervisorCommandTest {
  @TempDir Path home;

  @AfterEach
  void killLeftovers() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void withNoSupervisorStatusSaysSoAndReadCommandsStartNone() {
    Cli cli = new Cli(home);

    assertEquals(0, cli.run("runs").exitCode());
    CliResult status = cli.run("supervisor", "status");

    assertEquals(6, status.exitCode(), status::toString);
    assertTrue(status.out().startsWith("No supervisor is running on "), status.out());
    assertFalse(Files.exists(home.resolve("supervisor.pid")), "a read command started one");
    CliResult stop = cli.run("supervisor", "stop");
    assertEquals(0, stop.exitCode(), stop::toString);
    assertTrue(stop.out().startsWith("No supervisor is running on "), stop.out());
  }

  @Test
  void aRunStartsTheSupervisorWhichStatusShowsAndStopRefusesWhileTheRunRuns() throws Exception {
    Cli cli = new Cli(home);
    CliResult run =
        cli.run("run", "transcode", "--payload", "{\"seconds\": 120}", "--app", TestApp.jar());
    assertEquals(0, run.exitCode(), run::toString);
    Matcher id = Pattern.compile("Started run (\\S+) ").matcher(run.out());
    assertTrue(id.find(), run.out());

    CliResult status = cli.run("supervisor", "status");

    assertEquals(0, status.exitCode(), status::toString);
    Matcher pid = Pattern.compile("Pid\\s+(\\d+)").matcher(status.out());
    assertTrue(pid.find(), status.out());
    assertTrue(status.out().contains("Home         " + home.toAbsolutePath()), status.out());
    assertTrue(status.out().matches("(?s).*Running\\s+1\n.*"), status.out());
    ProcessHandle supervisor = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();

    CliResult refused = cli.run("supervisor", "stop");

    assertEquals(7, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("1 running, 0 queued"), refused::toString);
    assertTrue(supervisor.isAlive());

    assertEquals(0, cli.run("cancel", id.group(1)).exitCode());
    CliResult stop = cli.run("supervisor", "stop");

    assertEquals(0, stop.exitCode(), stop::toString);
    assertTrue(
        stop.out().startsWith("Stopped the supervisor of " + home.toAbsolutePath()), stop.out());
    assertTrue(stop.out().contains("(pid " + supervisor.pid() + ")"), stop.out());
    assertFalse(supervisor.isAlive(), "the supervisor still runs after stop");
    assertEquals(6, cli.run("supervisor", "status").exitCode());
  }
}
