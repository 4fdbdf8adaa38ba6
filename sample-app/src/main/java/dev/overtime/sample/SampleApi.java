package dev.overtime.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sample HTTP API, the Java telling of the SST story: a request starts a long job in the
 * background and is answered at once; the caller follows the run, fetches its result or cancels it.
 *
 * <pre>
 * POST   /api/factorial  {"num": 20}      → 202 {"runId": "…", "message": "Job started!"}
 * POST   /api/transcode  {"seconds": 30}  → 202 {"runId": "…", "message": "Job started!"}
 * GET    /api/runs/{id}                   → 200 the run; 404 unknown id
 * DELETE /api/runs/{id}                   → 200 the run, cancelled (or as it ended)
 * </pre>
 *
 * Bad input answers 400 with {@code {"error": "…", "field": "$.num"}} and starts nothing.
 */
public final class SampleApi implements AutoCloseable {
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Threads answering requests; a request beyond them and the queue is refused (closed). */
  static final int THREADS = 16;

  static final int QUEUED = 64;

  /** How long a client may take to send its whole request (headers and body). */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Engine engine;
  private final HttpServer server;
  private final RequestExecutor executor;
  // The API's own mapper for its answers; payloads are decoded by the job's codec, results are
  // embedded as the JSON text the engine stored.
  private final ObjectMapper json = new ObjectMapper();

  private SampleApi(Engine engine, HttpServer server, RequestExecutor executor) {
    this.engine = engine;
    this.server = server;
    this.executor = executor;
    server.setExecutor(executor);
    server.createContext(
        "/api/factorial",
        exchange ->
            handle(
                exchange,
                body ->
                    start(
                        exchange,
                        body,
                        Jobs.factorial(engine),
                        FactorialPayload.class,
                        SampleApi::checkFactorial)));
    server.createContext(
        "/api/transcode",
        exchange ->
            handle(
                exchange,
                body ->
                    start(
                        exchange,
                        body,
                        Jobs.transcode(engine),
                        TranscodePayload.class,
                        SampleApi::checkTranscode)));
    server.createContext("/api/runs/", exchange -> handle(exchange, body -> run(exchange)));
    server.createContext(
        "/",
        exchange ->
            handle(
                exchange,
                body ->
                    error(
                        exchange,
                        404,
                        "No such endpoint: "
                            + exchange.getRequestURI().getPath()
                            + "; see POST /api/factorial, POST /api/transcode, GET|DELETE"
                            + " /api/runs/{id}",
                        null)));
  }

  /**
   * Starts the API on {@code host:port} (port 0 picks a free one) using {@code engine} for the
   * jobs.
   */
  public static SampleApi start(Engine engine, String host, int port) throws IOException {
    return start(engine, host, port, THREADS, READ_TIMEOUT);
  }

  static SampleApi start(Engine engine, String host, int port, int threads, Duration readTimeout)
      throws IOException {
    RequestExecutor executor = new RequestExecutor(threads, QUEUED, readTimeout);
    SampleApi api =
        new SampleApi(engine, HttpServer.create(new InetSocketAddress(host, port), 0), executor);
    api.server.start();
    return api;
  }

  /** The port the API listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private static String checkFactorial(FactorialPayload payload) {
    return payload.num() < 0 || payload.num() > Factorial.MAX_NUM
        ? "num must be between 0 and " + Factorial.MAX_NUM
        : null;
  }

  private static String checkTranscode(TranscodePayload payload) {
    return payload.seconds() < 1 || payload.seconds() > Transcode.MAX_SECONDS
        ? "seconds must be between 1 and " + Transcode.MAX_SECONDS
        : null;
  }

  private <P> void start(
      HttpExchange exchange,
      byte[] body,
      JobClient<P, ?> client,
      Class<P> payloadType,
      Function<P, String> check)
      throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      methodNotAllowed(exchange, "POST");
      return;
    }
    P payload;
    try {
      payload = JsonCodec.shared().decode(new String(body, StandardCharsets.UTF_8), payloadType);
    } catch (InvalidPayloadException e) {
      error(exchange, 400, e.getMessage(), e.path());
      return;
    }
    String problem = check.apply(payload);
    if (problem != null) {
      String field = "$." + problem.substring(0, problem.indexOf(' '));
      error(exchange, 400, field + ": " + problem, field);
      return;
    }
    JobRun<?> run = client.run(payload);
    ObjectNode answer = json.createObjectNode();
    answer.put("runId", run.id());
    answer.put("job", run.job());
    answer.put("status", run.status().name());
    answer.put("message", "Job started!");
    send(exchange, 202, answer);
  }

  private void run(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestURI().getPath().substring("/api/runs/".length());
    if (id.isEmpty() || id.contains("/")) {
      error(exchange, 404, "No such endpoint; use /api/runs/{runId}", null);
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("DELETE")) {
      methodNotAllowed(exchange, "GET, DELETE");
      return;
    }
    Optional<RunRecord> found = engine.find(id);
    if (found.isEmpty()) {
      error(exchange, 404, "No run with id '" + id + "'", null);
      return;
    }
    RunRecord run = method.equals("DELETE") ? engine.cancel(found.get().job(), id) : found.get();
    send(exchange, 200, describe(run));
  }

  private ObjectNode describe(RunRecord run) throws IOException {
    ObjectNode node = json.createObjectNode();
    node.put("runId", run.id());
    node.put("job", run.job());
    node.put("status", run.status().name());
    node.put("attempt", run.attempt());
    node.put("createdAt", run.createdAt().toString());
    node.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
    node.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
    if (run.resultJson() == null) {
      node.putNull("result");
    } else {
      node.putRawValue("result", new RawValue(run.resultJson()));
    }
    if (run.error() == null) {
      node.putNull("error");
    } else {
      node.putObject("error").put("type", run.error().type()).put("message", run.error().message());
    }
    return node;
  }

  // Every request's body is read before it is served, whatever its method: the server would
  // otherwise drain an unread body when the exchange closes, outside the read deadline.
  private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        error(exchange, 413, "Body larger than " + MAX_BODY_BYTES + " bytes", null);
        return Optional.empty();
      }
      executor.requestRead();
      return Optional.of(body);
    }
  }

  private void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    error(
        exchange,
        405,
        "Method " + exchange.getRequestMethod() + " not allowed; use " + allowed,
        null);
  }

  private void error(HttpExchange exchange, int status, String message, String field)
      throws IOException {
    ObjectNode node = json.createObjectNode();
    node.put("error", message);
    if (field != null) {
      node.put("field", field);
    }
    send(exchange, status, node);
  }

  private void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private interface Route {
    void serve(byte[] body) throws IOException;
  }

  private void handle(HttpExchange exchange, Route route) {
    try (exchange) {
      try {
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
          return;
        }
        route.serve(body.get());
      } catch (UnknownRunException e) {
        error(exchange, 404, e.getMessage(), null);
      } catch (OvertimeException | IllegalArgumentException e) {
        error(exchange, 503, e.getMessage(), null);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "sample-api: "
              + exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getPath()
              + " failed: "
              + e);
    }
  }
}
