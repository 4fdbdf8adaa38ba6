package dev.overtime.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code overtime runs} and {@code overtime status} show a run that a schedule fired. */
class ScheduledRunOutputTest {
  private static final Instant FIRE = Instant.parse("2026-12-02T01:30:00Z");

  private static RunRecord run(String id, RunDetails details) {
    return new RunRecord(
        id,
        "nightly",
        RunStatus.SUCCEEDED,
        1,
        FIRE.plusMillis(30),
        FIRE.plusMillis(50),
        FIRE.plusMillis(1250),
        "7",
        null,
        details);
  }

  private static final RunRecord FIRED =
      run("01JDX4Q2M8Z1T5V7W9Y0A2B4C6", RunDetails.builder().schedule("nightly#0", FIRE).build());
  private static final RunRecord TAGGED =
      run("01JDX4Q2M8Z1T5V7W9Y0A2B4C7", RunDetails.builder().tags(List.of("eu")).build());
  private static final RunRecord PLAIN = run("01JDX4Q2M8Z1T5V7W9Y0A2B4C8", RunDetails.none());

  private static List<String> runsTable(List<RunRecord> runs) {
    StringWriter text = new StringWriter();
    RunsCommand.table(runs).print(new PrintWriter(text));
    return text.toString().lines().toList();
  }

  private static List<String> cells(String line) {
    return List.of(line.strip().split(" {2,}"));
  }

  @Test
  void runsAddsAScheduleColumnAfterTheExistingOnesWhenAListedRunWasFired() {
    List<String> lines = runsTable(List.of(FIRED, TAGGED, PLAIN));

    assertEquals(
        List.of("RUN ID", "JOB", "STATUS", "ATTEMPT", "CREATED", "DURATION", "TAGS", "SCHEDULE"),
        cells(lines.get(0)));
    List<String> fired = cells(lines.get(1));
    assertEquals("01JDX4Q2M8Z1T5V7W9Y0A2B4C6", fired.get(0));
    assertEquals("SUCCEEDED", fired.get(2));
    assertEquals("1.2s", fired.get(5));
    // The fired run has no tags: its schedule is the last cell, under SCHEDULE.
    assertEquals("nightly#0 @ 2026-12-02T01:30:00Z", fired.get(fired.size() - 1));
    int column = lines.get(0).indexOf("SCHEDULE");
    assertEquals(column, lines.get(1).indexOf("nightly#0 @ "), String.join("\n", lines));
    assertEquals("eu", cells(lines.get(2)).get(6));
    assertTrue(lines.get(3).strip().endsWith("1.2s"), "a run no schedule fired: " + lines.get(3));
  }

  @Test
  void runsWithoutFiredRunsKeepsItsColumnsAsTheyWere() {
    List<String> lines = runsTable(List.of(PLAIN));

    assertEquals(
        List.of("RUN ID", "JOB", "STATUS", "ATTEMPT", "CREATED", "DURATION"), cells(lines.get(0)));
    assertFalse(lines.get(0).contains("SCHEDULE"));
  }

  private static List<String> status(RunRecord run) {
    StringWriter text = new StringWriter();
    StatusCommand.print(new PrintWriter(text), run, List.of(), "/tmp/home/logs/x.log");
    return text.toString().lines().toList();
  }

  @Test
  void statusPrintsTheScheduleAndTheFireInstantUnderCreated() {
    List<String> lines = status(FIRED);

    int created = indexOf(lines, "Created   ");
    assertEquals("Schedule  nightly#0, fire of 2026-12-02T01:30:00Z", lines.get(created + 1));
    assertEquals("Result    7", lines.get(indexOf(lines, "Result")));
  }

  @Test
  void statusOfARunNoScheduleFiredHasNoScheduleLine() {
    List<String> lines = status(PLAIN);

    assertEquals(-1, indexOf(lines, "Schedule"), String.join("\n", lines));
    assertEquals("Log       /tmp/home/logs/x.log", lines.get(lines.size() - 1));
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
