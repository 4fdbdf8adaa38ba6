package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulesCommandTest {
  @TempDir Path home;

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
    assertTrue(lines[0].matches("SCHEDULE\\s+CRON\\s+ZONE\\s+PAYLOAD\\s+NEXT FIRES"), lines[0]);
    // Berlin leaves summer time on 25 October: 02:30 moves from +02:00 to +01:00.
    assertTrue(
        lines[1].matches(
            "factorial#0\\s+30 2 \\* \\* \\*\\s+Europe/Berlin\\s+\\{\"num\": 20}\\s+"
                + "2026-10-24 02:30 \\+02:00, 2026-10-25 02:30 \\+02:00, 2026-10-26 02:30"
                + " \\+01:00"),
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
