package dev.overtime.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.json.JobJson;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.json.ScheduleJson;
import dev.overtime.tooling.payload.InvalidPayloadInput;
import dev.overtime.tooling.payload.PayloadProblem;
import dev.overtime.tooling.payload.PayloadValidator;
import dev.overtime.tooling.runs.ActiveRuns;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.LogChunk;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's JSON API under {@code /api/} (documented in docs/console.md). List views never
 * include payloads or results; mutating requests need the session token.
 */
final class ConsoleApi implements HttpHandler {
  private static final Pattern JOB_RUNS = Pattern.compile("/api/jobs/([^/]+)/runs");
  private static final Pattern RUN = Pattern.compile("/api/runs/([^/]+)");
  private static final Pattern RUN_LOG = Pattern.compile("/api/runs/([^/]+)/log");
  private static final Pattern RUN_CANCEL = Pattern.compile("/api/runs/([^/]+)/cancel");
  private static final Pattern RUN_RERUN = Pattern.compile("/api/runs/([^/]+)/rerun");
  private static final int LOG_CHUNK = 256 * 1024;
  private static final int MAX_LIMIT = 500;
  private static final int NEXT_FIRES = 3;

  private final RequestGuard guard;
  private final Application application;
  private final HomeRuns runs;
  private final PrintStream errors;

  ConsoleApi(RequestGuard guard, Application application, HomeRuns runs, PrintStream errors) {
    this.guard = guard;
    this.application = application;
    this.runs = runs;
    this.errors = errors;
  }

  @Override
  public void handle(HttpExchange http) throws IOException {
    Exchange exchange = new Exchange(http);
    try {
      guard.check(exchange);
      route(exchange);
    } catch (ApiError error) {
      exchange.sendError(error);
    } catch (UnknownRunId unknown) {
      exchange.sendError(new ApiError(404, "unknown-run", unknown.getMessage()));
    } catch (UnsupportedOperationException unsupported) {
      // The engine cannot do this (a tag filter or a re-run on a deployed stack): its message says
      // what to do instead.
      exchange.sendError(new ApiError(501, "not-supported", unsupported.getMessage()));
    } catch (RuntimeException e) {
      e.printStackTrace(errors);
      exchange.sendError(
          new ApiError(
              500,
              "internal",
              "Internal error: "
                  + e
                  + ". The console's terminal shows the stack trace; please report it."));
    } finally {
      http.close();
    }
  }

  private void route(Exchange exchange) throws IOException {
    String path = exchange.path();
    String method = exchange.method();
    Matcher matcher;
    if (path.equals("/api/jobs")) {
      allow(method, "GET");
      exchange.sendJson(200, jobs());
    } else if ((matcher = JOB_RUNS.matcher(path)).matches()) {
      allow(method, "POST");
      start(exchange, matcher.group(1));
    } else if (path.equals("/api/runs")) {
      allow(method, "GET");
      exchange.sendJson(200, list(exchange.query()));
    } else if (path.equals("/api/runs/cancel")) {
      allow(method, "POST");
      exchange.sendJson(200, cancelMatching(exchange.query()));
    } else if ((matcher = RUN_LOG.matcher(path)).matches()) {
      allow(method, "GET");
      exchange.sendJson(200, log(matcher.group(1), exchange.query()));
    } else if ((matcher = RUN_CANCEL.matcher(path)).matches()) {
      allow(method, "POST");
      exchange.sendJson(200, detail(runs.cancel(matcher.group(1))));
    } else if ((matcher = RUN_RERUN.matcher(path)).matches()) {
      allow(method, "POST");
      exchange.sendJson(201, detail(runs.rerun(matcher.group(1))));
    } else if ((matcher = RUN.matcher(path)).matches()) {
      allow(method, "GET", "DELETE");
      RunRecord run =
          method.equals("DELETE") ? runs.cancel(matcher.group(1)) : runs.get(matcher.group(1));
      exchange.sendJson(200, detail(run));
    } else {
      throw new ApiError(404, "not-found", "No API at " + path + "; see docs/console.md.");
    }
  }

  // The run with its result also as the exact JSON text: a page's JSON.parse would round a big
  // BigInteger result to the nearest double.
  private ObjectNode detail(RunRecord run) {
    ObjectNode node = RunJson.withReruns(RunJson.of(run), runs.rerunsOf(run.id()));
    if (run.resultJson() != null) {
      node.put("resultText", run.resultJson());
    }
    return node;
  }

  private static void allow(String method, String... allowed) {
    for (String each : allowed) {
      if (each.equals(method)) {
        return;
      }
    }
    throw new ApiError(
        405,
        "method-not-allowed",
        method + " is not supported here; use " + String.join(" or ", allowed) + ".");
  }

  private ObjectNode jobs() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("app", application == null ? null : application.source());
    body.put("home", runs.where());
    ArrayNode jobs = body.putArray("jobs");
    if (application != null) {
      Instant now = Instant.now();
      for (AppJob job : application.jobs()) {
        jobs.add(withSchedules(JobJson.of(job), job, now));
      }
    }
    return body;
  }

  /** The job's {@code @Schedule}s from its manifest entry, each with its next fires after now. */
  private static ObjectNode withSchedules(ObjectNode node, AppJob job, Instant now) {
    ArrayNode schedules = node.putArray("schedules");
    for (ManifestSchedule schedule : job.manifest().schedules()) {
      schedules.add(ScheduleJson.of(schedule, job.name(), now, NEXT_FIRES));
    }
    return node;
  }

  private void start(Exchange exchange, String name) throws IOException {
    if (application == null) {
      throw new ApiError(
          409,
          "no-application",
          "The console was started without an application; restart"
              + " it with --app <jar> to start runs.");
    }
    AppJob job =
        application
            .job(name)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "unknown-job",
                        "No job '" + name + "'; jobs: " + application.jobNames() + "."));
    String payload;
    try {
      payload = PayloadValidator.validate(job, exchange.body());
    } catch (InvalidPayloadInput invalid) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ObjectNode error = body.putObject("error");
      error.put("code", "invalid-payload");
      error.put("message", "The payload does not fit job '" + name + "'; nothing was started.");
      ArrayNode problems = error.putArray("problems");
      for (PayloadProblem problem : invalid.problems()) {
        problems.addObject().put("path", problem.path()).put("message", problem.message());
      }
      exchange.sendJson(400, body);
      return;
    }
    RunRecord run = runs.submit(job, payload, RunOptions.defaults());
    exchange.sendJson(202, detail(run));
  }

  private ObjectNode list(Map<String, String> query) {
    String job = blankToNull(query.get("job"));
    RunStatus status = status(query);
    String tag = blankToNull(query.get("tag"));
    int limit = intParameter(query, "limit", 50);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError(
          400, "bad-query", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit + ".");
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("runs");
    for (RunRecord run : runs.list(job, status, tag, limit)) {
      list.add(RunJson.of(run, false));
    }
    return body;
  }

  private static RunStatus status(Map<String, String> query) {
    String statusText = blankToNull(query.get("status"));
    if (statusText == null) {
      return null;
    }
    try {
      return RunStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400,
          "bad-query",
          "status="
              + statusText
              + " is not one of "
              + java.util.Arrays.toString(RunStatus.values())
              + ".");
    }
  }

  /**
   * {@code POST /api/runs/cancel?job=&status=&tag=}: cancels every queued or running run the
   * filters match (at least one is needed), without waiting for running ones to stop.
   */
  private ObjectNode cancelMatching(Map<String, String> query) {
    String job = blankToNull(query.get("job"));
    RunStatus status = status(query);
    String tag = blankToNull(query.get("tag"));
    if (job == null && status == null && tag == null) {
      throw new ApiError(
          400,
          "bad-query",
          "Give job, status and/or tag to choose the runs to cancel; nothing was cancelled.");
    }
    List<RunRecord> matched;
    try {
      matched = ActiveRuns.matching(runs, job, status, tag);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad-query", e.getMessage());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("count", matched.size());
    ArrayNode list = body.putArray("runs");
    for (RunRecord run : ActiveRuns.requestCancel(runs, matched)) {
      list.add(RunJson.of(run, false));
    }
    return body;
  }

  private ObjectNode log(String runId, Map<String, String> query) {
    long from = intParameter(query, "from", 0);
    if (from < 0) {
      throw new ApiError(400, "bad-query", "from must not be negative.");
    }
    RunRecord run = runs.get(runId);
    boolean done = run.status().isTerminal();
    LogChunk chunk = runs.readLog(runId, from, LOG_CHUNK, done);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("from", chunk.from());
    body.put("next", chunk.next());
    body.put("text", chunk.text());
    body.put("done", done && chunk.text().isEmpty());
    return body;
  }

  private static int intParameter(Map<String, String> query, String name, int fallback) {
    String value = blankToNull(query.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad-query", name + "=" + value + " is not a whole number.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
