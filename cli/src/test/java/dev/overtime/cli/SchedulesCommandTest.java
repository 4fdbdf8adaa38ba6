package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulesCommandTest {
  @TempDir Path home;

  @AfterEach
  void stopTheSupervisor() {
    new Cli(home).run("supervisor", "stop", "--force");
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void enableMakesTheHomesSupervisorFireTheSchedulesAndDisableStopsThem() throws Exception {
    Cli cli = new Cli(home);

    CliResult enable = cli.run("schedules", "enable", "--app", TestApp.jar());

    assertEquals(0, enable.exitCode(), enable::toString);
    assertTrue(
        enable
            .out()
            .startsWith(
                "Enabled factorial#0 (30 2 * * * in Europe/Berlin, catch-up latest); next fire 20"),
        enable.out());
    CliResult supervisor = cli.run("supervisor", "status");
    assertEquals(0, supervisor.exitCode(), "enable starts the supervisor: " + supervisor);
    CliResult listed = cli.run("schedules", "--app", TestApp.jar());
    assertTrue(listed.out().split("\n")[1].endsWith("yes"), listed.out());
    JsonNode json =
        JsonCodec.shared()
            .readTree(cli.run("schedules", "--app", TestApp.jar(), "--json").out())
            .get(0);
    assertTrue(json.get("enabled").asBoolean(), json.toString());
    assertEquals("latest", json.get("catchUp").asText());

    CliResult again = cli.run("schedules", "enable", "--app", TestApp.jar(), "--catch-up", "skip");
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().contains("catch-up skip"), again.out());

    CliResult disable = cli.run("schedules", "disable", "--all");
    assertEquals(0, disable.exitCode(), disable::toString);
    assertTrue(disable.out().startsWith("Disabled 1 schedule(s) on "), disable.out());
    assertTrue(cli.run("schedules", "--app", TestApp.jar()).out().split("\n")[1].endsWith("no"));
  }

  @Test
  void enablingAnUnknownScheduleOrWithAnUnknownPolicyIsAUsageErrorAndEnablesNothing() {
    Cli cli = new Cli(home);

    CliResult unknown =
        cli.run("schedules", "enable", "--app", TestApp.jar(), "--schedule", "factorial#3");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertTrue(
        unknown
            .err()
            .contains(
                "--schedule factorial#3 is not a schedule of this application;"
                    + " its schedules are factorial#0"),
        unknown::toString);
    CliResult policy =
        cli.run("schedules", "enable", "--app", TestApp.jar(), "--catch-up", "sometimes");
    assertEquals(2, policy.exitCode(), policy::toString);
    assertTrue(policy.err().contains("use 'latest' (the default) or 'skip'"), policy::toString);
    CliResult neither = cli.run("schedules", "disable");
    assertEquals(2, neither.exitCode(), neither::toString);
    assertTrue(neither.err().contains("Give --schedule <job#index> (repeatable) or --all"));
    CliResult aws = cli.run("--engine", "aws", "schedules", "enable", "--app", TestApp.jar());
    assertEquals(2, aws.exitCode(), aws::toString);
    assertTrue(aws.err().contains("overtime deploy renders one EventBridge Scheduler schedule"));
    assertEquals(6, cli.run("supervisor", "status").exitCode(), "nothing was started");
  }

  @Test
  void listsEachScheduleWithItsNextFiresInItsZoneAcrossDaylightSaving() {
    CliResult result =
        new Cli(home)
            .run(
                "schedules",
                "--app",
                TestApp.jar(),
                "--after",
                "2026-10-23T12:00:00Z",
                "--next",
                "3");

    assertEquals(0, result.exitCode(), result::toString);
    String[] lines = result.out().split("\n");
    assertTrue(
        lines[0].matches("SCHEDULE\\s+CRON\\s+ZONE\\s+PAYLOAD\\s+NEXT FIRES\\s+FIRING"), lines[0]);
    // Berlin leaves summer time on 25 October: 02:30 moves from +02:00 to +01:00.
    assertTrue(
        lines[1].matches(
            "factorial#0\\s+30 2 \\* \\* \\*\\s+Europe/Berlin\\s+\\{\"num\": 20}\\s+"
                + "2026-10-24 02:30 \\+02:00, 2026-10-25 02:30 \\+02:00, 2026-10-26 02:30"
                + " \\+01:00\\s+no"),
        lines[1]);
    assertEquals(2, lines.length, result.out());
  }

  @Test
  void jsonGivesEachScheduleWithItsNextFiresAsInstants() throws Exception {
    CliResult result =
        new Cli(home)
            .run(
                "schedules",
                "--app",
                TestApp.jar(),
                "--after",
                "2026-10-23T12:00:00Z",
                "--next",
                "2",
                "--json");

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode schedules = JsonCodec.shared().readTree(result.out());
    assertEquals(1, schedules.size());
    JsonNode factorial = schedules.get(0);
    assertEquals("factorial#0", factorial.get("id").asText());
    assertEquals("factorial", factorial.get("job").asText());
    assertEquals("30 2 * * *", factorial.get("cron").asText());
    assertEquals("Europe/Berlin", factorial.get("zone").asText());
    assertEquals("{\"num\": 20}", factorial.get("payload").asText());
    assertEquals("2026-10-24T00:30:00Z", factorial.at("/nextFires/0").asText());
    assertEquals("2026-10-25T00:30:00Z", factorial.at("/nextFires/1").asText());
  }

  @Test
  void nextOutsideItsRangeIsAUsageError() {
    CliResult result = new Cli(home).run("schedules", "--app", TestApp.jar(), "--next", "0");

    assertEquals(2, result.exitCode(), result::toString);
    assertTrue(result.err().contains("--next 0 is outside 1..100"), result::toString);
  }
}
