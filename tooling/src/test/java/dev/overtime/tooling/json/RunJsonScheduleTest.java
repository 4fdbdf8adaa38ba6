package dev.overtime.tooling.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code schedule} and {@code scheduledFor} in a run's JSON: there for a fire, absent otherwise.
 */
class RunJsonScheduleTest {
  private static final Instant FIRE = Instant.parse("2026-12-02T01:30:00Z");

  private static RunRecord run(RunDetails details) {
    return new RunRecord(
        "01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
        "nightly",
        RunStatus.SUCCEEDED,
        1,
        FIRE.plusMillis(40),
        FIRE.plusMillis(60),
        FIRE.plusSeconds(2),
        "7",
        null,
        details);
  }

  @Test
  void aRunAScheduleFiredNamesTheScheduleAndTheFireInstantInBothViews() {
    RunRecord run = run(RunDetails.builder().schedule("nightly#0", FIRE).build());

    for (ObjectNode json : List.of(RunJson.of(run), RunJson.of(run, false))) {
      assertEquals("nightly#0", json.get("schedule").asText(), json::toString);
      assertEquals("2026-12-02T01:30:00Z", json.get("scheduledFor").asText(), json::toString);
    }
    assertEquals(7, RunJson.of(run).get("result").asInt(), "the other fields stay");
  }

  @Test
  void aRunNoScheduleFiredHasNeitherField() {
    ObjectNode json = RunJson.of(run(RunDetails.builder().tags(List.of("eu")).build()));

    assertFalse(json.has("schedule"), json::toString);
    assertFalse(json.has("scheduledFor"), json::toString);
    assertEquals("eu", json.get("tags").get(0).asText());
  }

  @Test
  void theScheduleFieldsComeAfterTheFieldsScriptsAlreadyRead() {
    ObjectNode json = RunJson.of(run(RunDetails.builder().schedule("nightly#0", FIRE).build()));

    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of("rerunOf", "schedule", "scheduledFor"),
        names.subList(names.size() - 3, names.size()));
  }
}
