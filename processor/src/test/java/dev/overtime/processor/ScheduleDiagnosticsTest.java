package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics about {@code @Schedule}: cron, zone and payload, each on its value. */
class ScheduleDiagnosticsTest {
  private static final String CRON_FIX =
      ". Write five fields, minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or JAN-DEC)"
          + " day-of-week (0-7 or SUN-SAT; 0 and 7 are Sunday), e.g. \"30 2 * * *\" or \"*/15"
          + " 9-17 * * MON-FRI\", or a macro: @yearly, @monthly, @weekly, @daily, @hourly.";

  /** A payload with several component kinds, for the payload checks. */
  private static final JavaFileObject REPORT_PAYLOAD =
      Sources.source(
          "com.example.Payload",
          """
          package com.example;

          import java.time.Instant;
          import java.util.List;
          import java.util.Optional;

          public record Payload(int num, Optional<String> label, List<Item> items, Instant since) {
            public record Item(String name, Color color) {}

            public enum Color { RED, GREEN }
          }
          """);

  private static JavaFileObject scheduled(String... schedules) {
    return Sources.handler(
        "Scheduled", "@JobHandler(\"scheduled\")\n" + String.join("\n", schedules));
  }

  private static Compilation compile(JavaFileObject handler) {
    return Sources.compile(Sources.PAYLOAD, handler);
  }

  private static JavaFileObject withImport(JavaFileObject handler) {
    String code =
        Sources.content(handler)
            .replace(
                "import dev.overtime.JobHandler;",
                "import dev.overtime.JobHandler;\nimport dev.overtime.Schedule;");
    return Sources.source("com.example.Scheduled", code);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 25 * * *       | field hour is 25, outside 0-23",
        "60 * * * *       | field minute is 60, outside 0-59",
        "0 0 0 * *        | field day-of-month is 0, outside 1-31",
        "0 0 * 13 *       | field month is 13, outside 1-12 or JAN-DEC",
        "0 0 * * 8        | field day-of-week is 8, outside 0-7 or SUN-SAT, 0 and 7 are Sunday",
        "0 0 * FOO *      | field month has 'FOO', which is not a number or name in 1-12 or"
            + " JAN-DEC, *, a range a-b, a step */n or a list a,b",
        "0 17-9 * * *     | field hour has the range 17-9, which runs backwards",
        "*/0 * * * *      | field minute has the step /0, outside 1-59",
        "5/10 * * * *     | field minute has '5/10'; a step follows * or a range, e.g. */10",
        "0 0 * *          | has 4 fields, not 5",
        "0 0 0 * * *      | has 6 fields; seconds are not supported, write the five fields from"
            + " minute on",
        "@often           | uses the unknown macro '@often'",
      })
  void invalidCronIsAnErrorOnTheCronValueNamingTheField(String cron, String problem) {
    JavaFileObject handler =
        withImport(scheduled("@Schedule(cron = \"" + cron + "\", payload = \"{\\\"num\\\": 1}\")"));

    Compilation compilation = compile(handler);

    assertThat(compilation)
        .hadErrorContaining("[overtime.cron-invalid] cron \"" + cron + "\" " + problem + CRON_FIX)
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@Schedule("));
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mars/Olympus  | is not a known IANA time zone id | ''",
        "europe/berlin | is not a known IANA time zone id | ' Did you mean \"Europe/Berlin\"?'",
        "+02:00        | is a fixed offset, not an IANA zone id (a schedule follows its zone's"
            + " daylight-saving rules) | ''",
      })
  void invalidZoneIsAnErrorOnTheZoneValue(String zone, String problem, String suggestion) {
    JavaFileObject handler =
        withImport(
            scheduled(
                "@Schedule(cron = \"0 3 * * *\", payload = \"{\\\"num\\\": 1}\",",
                "    zone = \"" + zone + "\")"));

    Compilation compilation = compile(handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.zone-invalid] zone \""
                + zone
                + "\" "
                + problem
                + ". Write an IANA time zone id, e.g. \"UTC\", \"Europe/Berlin\","
                + " \"America/New_York\"."
                + suggestion)
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "zone ="));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\\\"num\\\": 1, \\\"items\\\": [], \\\"since\\\": \\\"2026-01-01T00:00:00Z\\\","
            + " \\\"extra\\\": 2} | $.extra | unknown property 'extra'; known properties: [num,"
            + " label, items, since]. Remove it, or check its spelling.",
        "{\\\"items\\\": [], \\\"since\\\": \\\"2026-01-01T00:00:00Z\\\"} | $.num | missing"
            + " required value; add it, or make the record component Optional",
        "{\\\"num\\\": \\\"one\\\", \\\"items\\\": [], \\\"since\\\": \\\"2026-01-01T00:00:00Z\\\"}"
            + " | $.num | wrong type, expected int, found a string",
        "{\\\"num\\\": 1, \\\"items\\\": [{\\\"name\\\": \\\"a\\\", \\\"color\\\": \\\"RED\\\"},"
            + " {\\\"name\\\": \\\"b\\\", \\\"color\\\": \\\"BLUE\\\"}], \\\"since\\\":"
            + " \\\"2026-01-01T00:00:00Z\\\"} | $.items[1].color | wrong type, expected Color",
        "{\\\"num\\\": 1, \\\"items\\\": [], \\\"since\\\": \\\"yesterday\\\"} | $.since | wrong"
            + " type, expected Instant",
        "{\\\"num\\\": 1, \\\"items\\\": null, \\\"since\\\": \\\"2026-01-01T00:00:00Z\\\"} |"
            + " $.items | null is not allowed here; give a value, or make the record component"
            + " Optional",
        "{\\\"num\\\": 3000000000, \\\"items\\\": [], \\\"since\\\": \\\"2026-01-01T00:00:00Z\\\"}"
            + " | $.num | number out of range",
        "{\\\"num\\\": 1,} | $ | not valid JSON (line 1, column 11)",
      })
  void payloadThatDoesNotDecodeIsAnErrorOnThePayloadValueNamingThePath(
      String payload, String path, String problem) {
    JavaFileObject handler =
        withImport(scheduled("@Schedule(cron = \"@daily\",", "    payload = \"" + payload + "\")"));

    Compilation compilation = Sources.compile(REPORT_PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.schedule-payload-invalid] The schedule's payload does not decode as"
                + " com.example.Payload: "
                + path
                + ": "
                + problem
                + ". Write the payload as JSON for com.example.Payload, e.g. {\"num\": 0,"
                + " \"items\": [], \"since\": \"2026-01-01T00:00:00Z\"}.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "payload ="));
  }

  @Test
  void defaultPayloadMissingAComponentIsAnErrorOnTheSchedule() {
    JavaFileObject handler = withImport(scheduled("@Schedule(cron = \"@hourly\")"));

    Compilation compilation = compile(handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.schedule-payload-invalid] The schedule's payload does not decode as"
                + " com.example.Payload: $.num: missing required value; add it, or make the"
                + " record component Optional. Write the payload as JSON for com.example.Payload,"
                + " e.g. {\"num\": 0}.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@Schedule("));
  }

  @Test
  void repeatedSchedulesAreEachCheckedOnTheirOwnLine() {
    JavaFileObject handler =
        withImport(
            scheduled(
                "@Schedule(cron = \"0 9 * * MON-FRI\", payload = \"{\\\"num\\\": 1}\")",
                "@Schedule(cron = \"0 24 * * *\", payload = \"{\\\"num\\\": 2}\")"));

    Compilation compilation = compile(handler);

    assertThat(compilation)
        .hadErrorContaining("[overtime.cron-invalid] cron \"0 24 * * *\" field hour is 24")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "0 24"));
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @Test
  void scheduleWithoutJobHandlerIsAnError() {
    JavaFileObject plain =
        Sources.source(
            "com.example.Plain",
            """
            package com.example;

            import dev.overtime.Schedule;

            @Schedule(cron = "@daily")
            public final class Plain {}
            """);

    Compilation compilation = Sources.compile(plain);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.schedule-without-handler] @Schedule is on com.example.Plain, which has no"
                + " @JobHandler, so there is no job to run. Put @Schedule on a @JobHandler class.")
        .inFile(plain)
        .onLine(Sources.lineOf(plain, "@Schedule("));
  }

  @Test
  void validSchedulesAreListedInTheManifest() throws Exception {
    JavaFileObject handler =
        withImport(
            scheduled(
                "@Schedule(cron = \"*/15 9-17 * * MON-FRI\", zone = \"Europe/Berlin\",",
                "    payload = \"{\\\"num\\\": 1}\")",
                "@Schedule(cron = \"@daily\", payload = \"{\\\"num\\\": 2}\")"));

    Compilation compilation = compile(handler);

    assertThat(compilation).succeededWithoutWarnings();
    String manifest =
        Sources.content(
            compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/overtime/com.example.json")
                .orElseThrow());
    String expected =
        """
              "schedules": [
                {
                  "cron": "*/15 9-17 * * MON-FRI",
                  "declared": "*/15 9-17 * * MON-FRI",
                  "id": "scheduled#0",
                  "index": 0,
                  "payload": "{\\"num\\": 1}",
                  "zone": "Europe/Berlin"
                },
                {
                  "cron": "0 0 * * *",
                  "declared": "@daily",
                  "id": "scheduled#1",
                  "index": 1,
                  "payload": "{\\"num\\": 2}",
                  "zone": "UTC"
                }
              ],
        """;
    assertTrue(manifest.contains(expected), manifest);
    assertTrue(
        compilation.diagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR));
  }
}
