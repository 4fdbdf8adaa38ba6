package dev.overtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.console.harness.RunningConsole;
import dev.overtime.engine.local.schedule.FireTimes;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.Conditions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON API over real HTTP (docs/console.md). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
  @TempDir static Path home;

  private RunningConsole console;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    console = RunningConsole.start(home);
  }

  @AfterAll
  void stop() {
    console.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(console.url()).resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Overtime-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JsonCodec.shared().readTree(response.body());
  }

  @Test
  void startingARunWithoutOrWithAWrongTokenIsForbidden() throws Exception {
    HttpResponse<String> none = send("POST", "/api/jobs/factorial/runs", "{\"num\": 3}", null);
    HttpResponse<String> wrong = send("POST", "/api/jobs/factorial/runs", "{\"num\": 3}", "guess");

    assertEquals(403, none.statusCode());
    assertEquals("missing-token", json(none).at("/error/code").asText());
    assertEquals(403, wrong.statusCode());
    assertEquals(
        0, json(send("GET", "/api/runs", null, null)).get("runs").size(), "a run was started");
  }

  @Test
  void cancellingWithoutTheTokenIsForbidden() throws Exception {
    assertEquals(403, send("DELETE", "/api/runs/01ANY", null, null).statusCode());
    assertEquals(403, send("POST", "/api/runs/01ANY/cancel", null, null).statusCode());
  }

  @Test
  void thePageRendersLoadingStatesBeforeAnyFetchReturns() throws Exception {
    // What a headless screenshot taken at load shows: the shell, saying what it is waiting for.
    HttpResponse<String> page = send("GET", "/", null, null);

    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<li class=\"loading\">Loading jobs…</li>"), page.body());
    assertTrue(page.body().contains("Loading runs…</td>"), page.body());
    assertTrue(
        page.body().contains("<form id=\"run-form\" novalidate autocomplete=\"off\" hidden>"),
        "no empty form before the jobs are known");
    assertTrue(
        page.body().contains("id=\"cancel-run\" class=\"danger\" hidden>"),
        "no cancel button before the run is known");
  }

  @Test
  void thePageCarriesTheTokenAndForbidsFraming() throws Exception {
    HttpResponse<String> page = send("GET", "/", null, null);

    assertEquals(200, page.statusCode());
    assertTrue(
        page.body().contains("<meta name=\"overtime-token\" content=\"" + console.token() + "\">"));
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElse("")
            .contains("default-src 'self'"));
  }

  @Test
  void aRequestForAnotherHostNameIsRefused() throws Exception {
    // A page whose DNS name was rebound to 127.0.0.1 sends its own name as Host.
    int port = URI.create(console.url()).getPort();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/jobs HTTP/1.1\r\nHost: attacker.example:"
                  + port
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 403"), response);
      assertTrue(response.contains("forbidden-host"), response);
    }
  }

  @Test
  void jobsListConfigurationAndPayloadSchemas() throws Exception {
    JsonNode body = json(send("GET", "/api/jobs", null, null));

    assertEquals(home.toString(), body.get("home").asText());
    assertEquals("factorial", body.at("/jobs/0/name").asText());
    assertEquals(
        "integer",
        body.at(
                "/jobs/0/payloadSchema/$defs/dev.overtime.sample.FactorialPayload/properties/num/type")
            .asText());
    assertEquals("transcode", body.at("/jobs/1/name").asText());
    assertEquals(1024, body.at("/jobs/1/cpuUnits").asInt());
  }

  @Test
  void jobsListTheirSchedulesFromTheManifestWithTheNextThreeFiresInTheirZone() throws Exception {
    Instant before = Instant.now();
    JsonNode body = json(send("GET", "/api/jobs", null, null));
    Instant after = Instant.now();

    JsonNode schedule = body.at("/jobs/0/schedules/0");
    assertEquals(1, body.at("/jobs/0/schedules").size(), body.at("/jobs/0").toString());
    assertEquals("factorial#0", schedule.get("id").asText());
    assertEquals("factorial", schedule.get("job").asText());
    assertEquals("30 2 * * *", schedule.get("declared").asText());
    assertEquals("30 2 * * *", schedule.get("cron").asText());
    assertEquals("Europe/Berlin", schedule.get("zone").asText());
    assertEquals("{\"num\": 20}", schedule.get("payload").asText());
    List<String> fires = new ArrayList<>();
    schedule.get("nextFires").forEach(fire -> fires.add(fire.asText()));
    FireTimes times = FireTimes.of("30 2 * * *", "Europe/Berlin");
    // Computed between the two instants: equal to the fires after one of them.
    assertTrue(
        fires.equals(strings(times.next(before, 3))) || fires.equals(strings(times.next(after, 3))),
        fires + " are not the next 3 fires after " + before);
    for (int i = 0; i < 3; i++) {
      ZonedDateTime local = Instant.parse(fires.get(i)).atZone(ZoneId.of("Europe/Berlin"));
      assertEquals(
          DateTimeFormatter.ofPattern("yyyy-MM-dd 02:30 xxx").format(local),
          schedule.at("/nextFiresInZone/" + i).asText());
    }
    assertEquals(0, body.at("/jobs/1/schedules").size(), "transcode has no @Schedule");
  }

  private static List<String> strings(List<Instant> instants) {
    return instants.stream().map(Instant::toString).toList();
  }

  @Test
  void aBadPayloadAnswers400WithEveryProblemByPath() throws Exception {
    HttpResponse<String> response =
        send("POST", "/api/jobs/factorial/runs", "{\"num\": 1.5, \"x\": true}", console.token());

    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = json(response).get("error");
    assertEquals("invalid-payload", error.get("code").asText());
    assertEquals("$.num", error.at("/problems/0/path").asText());
    assertEquals("$.x", error.at("/problems/1/path").asText());
    assertEquals(404, send("POST", "/api/jobs/nope/runs", "{}", console.token()).statusCode());
  }

  @Test
  void aStartedRunCanBeFollowedAndListsLeaveResultsAndPayloadsOut() throws Exception {
    HttpResponse<String> started =
        send("POST", "/api/jobs/factorial/runs", "{\"num\": 25}", console.token());
    assertEquals(202, started.statusCode(), started.body());
    String runId = json(started).get("runId").asText();

    JsonNode finished =
        Conditions.await(
            "the run to end",
            Duration.ofSeconds(60),
            () -> {
              try {
                return json(send("GET", "/api/runs/" + runId, null, null));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            },
            run -> run.get("status").asText().equals("SUCCEEDED"));
    assertEquals("15511210043330985984000000", finished.get("resultText").asText());
    assertFalse(
        finished.has("schedule") || finished.has("scheduledFor"),
        "a run started from the API was fired by no schedule: " + finished);

    JsonNode log = json(send("GET", "/api/runs/" + runId + "/log?from=0", null, null));
    assertTrue(
        log.get("text").asText().contains("Factorial of 25 is 15511210043330985984000000"),
        log.toString());
    JsonNode rest =
        json(
            send(
                "GET", "/api/runs/" + runId + "/log?from=" + log.get("next").asLong(), null, null));
    assertEquals("", rest.get("text").asText());
    assertTrue(rest.get("done").asBoolean());

    HttpResponse<String> list = send("GET", "/api/runs?job=factorial&limit=5", null, null);
    JsonNode listed = json(list).get("runs").get(0);
    assertEquals(runId, listed.get("runId").asText());
    assertFalse(
        listed.has("result") || listed.has("resultText") || listed.has("payload"),
        listed.toString());
    assertFalse(list.body().contains("\"num\""), "a payload leaked into the list: " + list.body());
  }

  @Test
  void unknownRunsAndBadQueriesAreClearErrors() throws Exception {
    HttpResponse<String> unknown = send("GET", "/api/runs/01NOSUCHRUN", null, null);
    assertEquals(404, unknown.statusCode());
    assertEquals("unknown-run", json(unknown).at("/error/code").asText());
    assertEquals(400, send("GET", "/api/runs?status=DONE", null, null).statusCode());
    assertEquals(400, send("GET", "/api/runs?limit=lots", null, null).statusCode());
    assertEquals(405, send("PUT", "/api/runs", "{}", console.token()).statusCode());
  }
}
