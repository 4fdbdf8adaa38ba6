package dev.overtime.tooling.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.manifest.ManifestSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule's JSON for the console: the manifest's fields and the next fires, UTC and local. */
class ScheduleJsonTest {
  private static final ManifestSchedule NIGHTLY =
      new ManifestSchedule(
          "factorial#0", 0, "30 2 * * *", "30 2 * * *", "Europe/Berlin", "{\"num\": 20}");

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(each -> texts.add(each.asText()));
    return texts;
  }

  @Test
  void theNextFiresAcrossTheEndOfSummerTimeAreShownInTheZoneWithTheirOffsets() {
    ObjectNode json =
        ScheduleJson.of(NIGHTLY, "factorial", Instant.parse("2026-10-23T12:00:00Z"), 3);

    assertEquals("factorial#0", json.get("id").asText());
    assertEquals("factorial", json.get("job").asText());
    assertEquals(0, json.get("index").asInt());
    assertEquals("30 2 * * *", json.get("declared").asText());
    assertEquals("30 2 * * *", json.get("cron").asText());
    assertEquals("Europe/Berlin", json.get("zone").asText());
    assertEquals("{\"num\": 20}", json.get("payload").asText());
    assertEquals(
        List.of("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
        texts(json.get("nextFires")));
    assertEquals(
        List.of("2026-10-24 02:30 +02:00", "2026-10-25 02:30 +02:00", "2026-10-26 02:30 +01:00"),
        texts(json.get("nextFiresInZone")));
    assertFalse(json.has("problem"));
  }

  @Test
  void aMacroKeepsItsDeclaredFormBesideTheExpandedCron() {
    ManifestSchedule weekly =
        new ManifestSchedule("report#1", 1, "@weekly", "0 0 * * 0", "UTC", "{}");

    ObjectNode json = ScheduleJson.of(weekly, "report", Instant.parse("2026-12-02T10:00:00Z"), 2);

    assertEquals("@weekly", json.get("declared").asText());
    assertEquals("0 0 * * 0", json.get("cron").asText());
    assertEquals(
        List.of("2026-12-06T00:00:00Z", "2026-12-13T00:00:00Z"), texts(json.get("nextFires")));
    assertEquals(
        List.of("2026-12-06 00:00 +00:00", "2026-12-13 00:00 +00:00"),
        texts(json.get("nextFiresInZone")));
  }

  @Test
  void aScheduleThatCannotBeEvaluatedSaysSoInsteadOfFailingTheJobList() {
    ManifestSchedule edited =
        new ManifestSchedule("report#0", 0, "0 25 * * *", "0 25 * * *", "UTC", "{}");
    ManifestSchedule badZone =
        new ManifestSchedule("report#1", 1, "0 2 * * *", "0 2 * * *", "Mars/Olympus", "{}");

    for (ManifestSchedule schedule : List.of(edited, badZone)) {
      ObjectNode json = ScheduleJson.of(schedule, "report", Instant.EPOCH, 3);

      assertEquals(0, json.get("nextFires").size(), json::toString);
      assertEquals(0, json.get("nextFiresInZone").size(), json::toString);
      String problem = json.get("problem").asText();
      assertTrue(problem.contains("cannot be evaluated"), problem);
      assertTrue(problem.contains("rebuild the application"), problem);
    }
  }

  @Test
  void aCountBelowOneIsRefused() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScheduleJson.of(NIGHTLY, "factorial", Instant.EPOCH, 0));
    assertTrue(refused.getMessage().contains("count must be at least 1"), refused.getMessage());
  }
}
