package dev.overtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleApiTest {
  @TempDir static Path home;

  private static LocalEngine engine;
  private static SampleApi api;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    engine = LocalEngine.builder().home(home).concurrency(2).console(null).build();
    api = SampleApi.start(engine, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    api.close();
    engine.close();
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(30));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JsonCodec.shared().readTree(response.body());
  }

  @Test
  void factorialStartsAtOnceAndItsRunEndsWithTheResult() throws Exception {
    HttpResponse<String> started = send("POST", "/api/factorial", "{\"num\": 20}");
    assertEquals(202, started.statusCode(), started.body());
    String runId = json(started).get("runId").asText();
    assertEquals("Job started!", json(started).get("message").asText());

    engine.await("factorial", runId, Duration.ofSeconds(60));
    HttpResponse<String> run = send("GET", "/api/runs/" + runId, null);
    assertEquals(200, run.statusCode());
    JsonNode body = json(run);
    assertEquals("SUCCEEDED", body.get("status").asText(), run.body());
    assertEquals("2432902008176640000", body.get("result").asText());
    assertEquals("factorial", body.get("job").asText());
    assertTrue(body.get("error").isNull());
  }

  @Test
  void deleteCancelsARunningTranscode() throws Exception {
    HttpResponse<String> started = send("POST", "/api/transcode", "{\"seconds\": 60}");
    assertEquals(202, started.statusCode(), started.body());
    String runId = json(started).get("runId").asText();
    awaitStatus(runId, RunStatus.RUNNING);

    HttpResponse<String> cancelled = send("DELETE", "/api/runs/" + runId, null);
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    assertEquals(
        RunStatus.CANCELLED, engine.await("transcode", runId, Duration.ofSeconds(60)).status());
    assertEquals("CANCELLED", json(send("GET", "/api/runs/" + runId, null)).get("status").asText());
  }

  @Test
  void unknownRunIs404() throws Exception {
    HttpResponse<String> response = send("GET", "/api/runs/no-such-run", null);
    assertEquals(404, response.statusCode());
    assertTrue(json(response).get("error").asText().contains("no-such-run"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON        | /api/factorial | {num: 20          | $",
        "empty body      | /api/factorial | ''                | $",
        "wrong type      | /api/factorial | {\"num\": \"20\"}  | $.num",
        "missing field   | /api/transcode | {}                | $.seconds",
        "unknown field   | /api/factorial | {\"num\": 3, \"n\": 1} | $.n",
        "out of range    | /api/factorial | {\"num\": -1}      | $.num",
      })
  void badInputIs400NamingTheFieldAndStartsNothing(
      String name, String path, String body, String field) throws Exception {
    int before = engine.list(null, null, 1000).size();
    HttpResponse<String> response = send("POST", path, body);
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = json(response);
    assertNotNull(error.get("error"), response.body());
    assertEquals(field, error.get("field").asText(), response.body());
    assertEquals(before, engine.list(null, null, 1000).size(), "a run was started for bad input");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    assertEquals(405, send("GET", "/api/factorial", null).statusCode());
  }

  private static void awaitStatus(String runId, RunStatus wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.find(runId).orElseThrow().status() != wanted) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + runId + " never reached " + wanted);
      }
      Thread.sleep(20);
    }
  }
}
