package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.aws.jobs.AwsTestJobs;
import dev.overtime.tests.aws.jobs.AwsTestJobsRegistry;
import dev.overtime.tests.aws.jobs.Text;
import dev.overtime.tests.aws.jobs.TextStats;
import dev.overtime.tests.aws.jobs.Wait;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overtime runs, status, logs} on a deployed stack: the real CLI in its own process, with
 * the stack output Environment's variables pointed at the emulator (Lambda, ECS, CloudWatch Logs)
 * and s3proxy (the bucket); the tasks' output reaches CloudWatch Logs as the awslogs driver sends
 * it.
 */
class CliOnDeployedStackTest {
  private static final String LOG_GROUP = "/overtime/e2e";
  private static final Duration AWAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private AwsPath path;
  private AwsEngine engine;

  @BeforeEach
  void start() throws Exception {
    path = new AwsPath(work);
    engine = path.engine();
    String classpath =
        System.getProperty("java.class.path") + File.pathSeparator + work.resolve("registry");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String s3 = path.s3.endpoint().toString();
    path.aws
        .ecs()
        .launcher(
            (taskDefinition, env) -> {
              ProcessBuilder builder =
                  new ProcessBuilder(java, "-cp", classpath, "dev.overtime.bootstrap.Main");
              builder.environment().putAll(env);
              builder.environment().put("AWS_ENDPOINT_URL_S3", s3);
              builder.redirectErrorStream(true);
              return builder.start();
            });
    // Task definition family "e2e-<job>", awslogs-stream-prefix "<job>", as the template has it.
    path.aws.ecs().awslogs(path.aws.logs(), LOG_GROUP, family -> family.substring("e2e-".length()));
    // Small pages, each after an empty one: the CLI must follow nextForwardToken to the end.
    path.aws.logs().pageEvents(2);
    path.aws.logs().emptyPages(true);
  }

  @AfterEach
  void stop() {
    engine.close();
    path.close();
  }

  @Test
  void runsStatusAndLogsReadTheDeployedStack() throws Exception {
    JobClient<Text, ?> measure = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    JobClient<Text, ?> flaky = JobClient.of(AwsTestJobs.AWS_FAIL_ONCE, engine);
    String older = measure.run(new Text("one")).id();
    String retried = flaky.run(new Text("two")).id();
    assertEquals(RunStatus.SUCCEEDED, measure.get(older).await(AWAIT).status());
    assertEquals(RunStatus.SUCCEEDED, flaky.get(retried).await(AWAIT).status());

    Cli runs = cli(environment(), "runs", "--engine", "aws", "--json");
    assertEquals(0, runs.exit(), runs.toString());
    JsonNode listed = JsonCodec.shared().readTree(runs.out());
    assertEquals(2, listed.size(), runs.out());
    assertEquals(retried, listed.get(0).path("runId").asText(), "newest first");
    assertEquals(older, listed.get(1).path("runId").asText());

    Cli filtered = cli(environment(), "runs", "--engine", "aws", "--job", "aws-measure");
    assertTrue(filtered.out().contains(older) && !filtered.out().contains(retried), filtered.out());

    Cli status = cli(environment(), "status", retried, "--engine", "aws");
    assertEquals(0, status.exit(), status.toString());
    assertTrue(status.out().contains("SUCCEEDED"), status.out());
    assertTrue(status.out().contains("CloudWatch Logs " + LOG_GROUP), status.out());

    // OVERTIME_ENGINE=aws works as --engine aws does.
    Map<String, String> byVariable = environment();
    byVariable.put("OVERTIME_ENGINE", "aws");
    Cli logs = cli(byVariable, "logs", older);
    assertEquals(0, logs.exit(), logs.toString());
    assertTrue(logs.out().contains("measuring"), "the job's own line: " + logs);

    Cli attempts = cli(environment(), "logs", retried, "--engine", "aws");
    assertEquals(0, attempts.exit(), attempts.toString());
    int first = attempts.out().indexOf("[overtime] attempt 1, task ");
    int second = attempts.out().indexOf("[overtime] attempt 2, task ");
    assertTrue(first >= 0 && second > first, "both attempts' streams, in order: " + attempts);
    assertTrue(
        attempts.out().substring(first, second).contains("the first attempt fails"),
        attempts.out());

    Cli unknown = cli(environment(), "status", "01KB3Q8M1T6Z0V4W8Y2C7N5R9D", "--engine", "aws");
    assertEquals(6, unknown.exit(), unknown.toString());
  }

  @Test
  void runStartsARunOnTheDeployedStackAndWaitsForItsResult() throws Exception {
    String classpath = appClasspath();

    Cli started =
        runMeasure(environment(), classpath, "{\"text\": \"hello\"}", "--engine", "aws", "--json");
    assertEquals(0, started.exit(), started.toString());
    String id = JsonCodec.shared().readTree(started.out()).path("runId").asText();
    assertEquals(26, id.length(), started.out());
    assertTrue(
        path.aws.requests("ecs").stream()
            .anyMatch(
                r -> "AmazonEC2ContainerServiceV20141113.RunTask".equals(r.header("x-amz-target"))),
        "the run was started as an ECS task");
    JobClient<Text, ?> measure = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    assertEquals(RunStatus.SUCCEEDED, measure.get(id).await(AWAIT).status(), path.taskLogText());

    // --wait follows the run on the stack to its end and exits with the bootstrap's code.
    Map<String, String> byVariable = environment();
    byVariable.put("OVERTIME_ENGINE", "aws");
    Cli waited = runMeasure(byVariable, classpath, "{\"text\": \"abc\"}", "--wait");
    assertEquals(0, waited.exit(), waited.toString());
    assertTrue(waited.out().contains("SUCCEEDED"), waited.out());
    assertTrue(waited.out().contains("\"length\":3"), waited.out());

    // The payload is checked against the job's schema before anything reaches the stack.
    int tasks = path.aws.ecs().tasks().size();
    Cli invalid = runMeasure(environment(), classpath, "{\"txt\": 1}", "--engine", "aws");
    assertEquals(2, invalid.exit(), invalid.toString());
    assertEquals(tasks, path.aws.ecs().tasks().size(), "nothing was started");

    Cli slurm = runMeasure(environment(), classpath, "{\"text\": \"x\"}", "--engine", "slurm");
    assertEquals(2, slurm.exit(), slurm.toString());
    assertTrue(slurm.err().contains("OVERTIME_ENGINE=slurm"), slurm.err());
  }

  @Test
  void cancelThroughTheCliStopsTheDeployedTask() throws Exception {
    Path marker = work.resolve("wait.marker");
    JobClient<Wait, Void> waiting = JobClient.of(AwsTestJobs.AWS_WAIT, engine);
    String id = waiting.run(new Wait(marker.toString())).id();
    AwsEngineEndToEndTest.waitFor(
        () -> Files.exists(marker), "the job to start: " + path.taskLogText());

    Cli cancel = cli(environment(), "cancel", id, "--engine", "aws");
    assertEquals(0, cancel.exit(), cancel.toString());
    assertTrue(cancel.out().contains(id), cancel.out());
    assertTrue(
        path.aws.requests("ecs").stream()
            .anyMatch(
                r ->
                    "AmazonEC2ContainerServiceV20141113.StopTask".equals(r.header("x-amz-target"))),
        "the CLI's cancel stops the ECS task");
    assertEquals(RunStatus.CANCELLED, waiting.get(id).await(AWAIT).status(), path.taskLogText());

    Cli status = cli(environment(), "status", id, "--engine", "aws", "--json");
    assertEquals(0, status.exit(), status.toString());
    assertEquals(
        "CANCELLED",
        JsonCodec.shared().readTree(status.out()).path("status").asText(),
        status.out());

    // Cancelling it again is not an error: the run has ended, and the CLI says how.
    Cli again = cli(environment(), "cancel", id, "--engine", "aws");
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("CANCELLED"), again.out());
  }

  @Test
  void rerunStartsALinkedRunWithTheStoredPayloadOnTheDeployedStack() throws Exception {
    JobClient<Text, TextStats> measure = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    String original = measure.run(new Text("again")).id();
    assertEquals(RunStatus.SUCCEEDED, measure.get(original).await(AWAIT).status());

    Cli rerun = cli(environment(), "rerun", original, "--engine", "aws", "--json");

    assertEquals(0, rerun.exit(), rerun.toString());
    JsonNode started = JsonCodec.shared().readTree(rerun.out());
    String id = started.path("runId").asText();
    assertEquals(26, id.length(), rerun.out());
    assertTrue(!id.equals(original), rerun.out());
    assertEquals(original, started.path("rerunOf").asText(), rerun.out());
    assertEquals(RunStatus.SUCCEEDED, measure.get(id).await(AWAIT).status(), path.taskLogText());
    assertEquals(new TextStats(5, id, 1), measure.get(id).result(), "the original's payload");

    Cli status = cli(environment(), "status", original, "--engine", "aws", "--json");
    assertEquals(0, status.exit(), status.toString());
    assertEquals(
        "[\"" + id + "\"]",
        JsonCodec.shared().readTree(status.out()).path("reruns").toString(),
        status.out());
    Cli human = cli(environment(), "status", id, "--engine", "aws");
    assertTrue(human.out().contains("Re-run of") && human.out().contains(original), human.out());

    Cli unknown = cli(environment(), "rerun", "01KB3Q8M1T6Z0V4W8Y2C7N5R9D", "--engine", "aws");
    assertEquals(6, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("01KB3Q8M1T6Z0V4W8Y2C7N5R9D"), unknown.err());

    // The follow-up commands it prints reach the same stack.
    Cli again = cli(environment(), "rerun", original, "--engine", "aws");
    assertEquals(0, again.exit(), again.toString());
    String third = again.out().substring(4, 30);
    assertTrue(
        again.out().contains("  status: overtime status " + third + " --engine aws"), again.out());
    assertEquals(RunStatus.SUCCEEDED, measure.get(third).await(AWAIT).status());
  }

  @Test
  void rescheduleThroughTheCliMovesADelayedRunOnTheStackAndRefusesOneThatStarted()
      throws Exception {
    JobClient<Text, ?> measure = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);
    String id =
        measure
            .run(
                new Text("later"),
                dev.overtime.runtime.RunOptions.builder().startAfter(Duration.ofHours(2)).build())
            .id();
    java.time.Instant at =
        java.time.Instant.now()
            .plus(Duration.ofHours(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    Cli moved =
        cli(environment(), "reschedule", id, "--at", at.toString(), "--engine", "aws", "--json");

    assertEquals(0, moved.exit(), moved.toString());
    JsonNode run = JsonCodec.shared().readTree(moved.out());
    assertEquals("DELAYED", run.path("status").asText(), moved.out());
    assertEquals(at, measure.get(id).startAt().orElseThrow(), "the stack's record moved");
    assertTrue(path.aws.ecs().tasks().isEmpty(), "not started");

    Cli now = cli(environment(), "reschedule", id, "--in", "0s", "--engine", "aws");
    assertEquals(0, now.exit(), now.toString());
    assertEquals(RunStatus.SUCCEEDED, measure.get(id).await(AWAIT).status(), path.taskLogText());

    Cli refused = cli(environment(), "reschedule", id, "--in", "1h", "--engine", "aws");
    assertEquals(9, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("cannot be rescheduled"), refused.err());
  }

  @Test
  void aTagFilterTheStackCannotApplyIsBadInputNotAnInternalError() throws Exception {
    Cli runs = cli(environment(), "runs", "--engine", "aws", "--tag", "nightly");
    assertEquals(2, runs.exit(), runs.toString());
    assertTrue(runs.err().contains("by tag"), runs.err());
    assertTrue(!runs.err().contains("internal error"), runs.err());
  }

  @Test
  void aStackThatIsNotNamedOrHasNoLogGroupIsAnEnvironmentError() throws Exception {
    Map<String, String> unnamed = environment();
    unnamed.remove("OVERTIME_INVOKER_FUNCTION");
    Cli runs = cli(unnamed, "runs", "--engine", "aws");
    assertEquals(7, runs.exit(), runs.toString());
    assertTrue(runs.err().contains("OVERTIME_INVOKER_FUNCTION"), runs.err());

    String id = JobClient.of(AwsTestJobs.AWS_MEASURE, engine).run(new Text("x")).id();
    Map<String, String> noGroup = environment();
    noGroup.remove("OVERTIME_LOG_GROUP");
    Cli logs = cli(noGroup, "logs", id, "--engine", "aws");
    assertEquals(7, logs.exit(), logs.toString());
    assertTrue(logs.err().contains("OVERTIME_LOG_GROUP"), logs.err());
    assertTrue(logs.err().contains("LogGroupName"), logs.err());

    Map<String, String> nowhere = environment();
    nowhere.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9"); // nothing listens on port 9
    Cli unreachable = cli(nowhere, "runs", "--engine", "aws");
    assertEquals(7, unreachable.exit(), unreachable.toString());
    assertTrue(unreachable.err().contains("Could not reach Lambda"), unreachable.err());
  }

  @Test
  void theConsoleStartsFollowsAndCancelsRunsOnTheDeployedStack() throws Exception {
    List<String> command = new ArrayList<>(javaCli());
    command.addAll(List.of("console", "--engine", "aws", "--port", "0", "--cp", appClasspath()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", work.toString());
    builder.environment().putAll(environment());
    Path out = work.resolve("console.out");
    builder.redirectOutput(out.toFile()).redirectError(work.resolve("console.err").toFile());
    Process console = builder.start();
    try {
      String url =
          await(
                  "the console's address in its output",
                  AWAIT,
                  () -> {
                    try {
                      return Files.readString(out, StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  },
                  // Its last line: the lines are written one by one, and the checks below read
                  // the second.
                  text ->
                      text.contains("Overtime console: http://127.0.0.1:")
                          && text.contains("Press Ctrl-C to stop."))
              .lines()
              .filter(line -> line.startsWith("Overtime console: "))
              .findFirst()
              .orElseThrow()
              .substring("Overtime console: ".length())
              .trim();
      assertTrue(
          Files.readString(out).contains("runs: the stack of invoker"), Files.readString(out));
      HttpClient http = HttpClient.newHttpClient();
      String page = http.send(get(url, "/"), HttpResponse.BodyHandlers.ofString()).body();
      Matcher meta = Pattern.compile("name=\"overtime-token\" content=\"([^\"]+)\"").matcher(page);
      assertTrue(meta.find(), page);
      String token = meta.group(1);

      HttpResponse<String> started =
          http.send(
              HttpRequest.newBuilder(URI.create(url).resolve("/api/jobs/aws-measure/runs"))
                  .header("X-Overtime-Token", token)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"from the console\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, started.statusCode(), started.body());
      String id = JsonCodec.shared().readTree(started.body()).path("runId").asText();
      JsonNode finished =
          await(
              "the run to succeed on the stack",
              AWAIT,
              () -> json(http, get(url, "/api/runs/" + id)),
              run -> run.path("status").asText().equals("SUCCEEDED"));
      assertEquals(16, finished.at("/result/length").asInt(), finished.toString());

      JsonNode listed = json(http, get(url, "/api/runs?job=aws-measure"));
      assertEquals(id, listed.at("/runs/0/runId").asText(), listed.toString());
      HttpResponse<String> byTag =
          http.send(get(url, "/api/runs?tag=nightly"), HttpResponse.BodyHandlers.ofString());
      assertEquals(501, byTag.statusCode(), byTag.body());
      assertTrue(byTag.body().contains("not-supported"), byTag.body());

      // The log comes from CloudWatch Logs in pieces; following "next" reads each line once.
      StringBuilder log = new StringBuilder();
      long from = 0;
      JsonNode chunk;
      int polls = 0;
      do {
        chunk = json(http, get(url, "/api/runs/" + id + "/log?from=" + from));
        log.append(chunk.path("text").asText());
        from = chunk.path("next").asLong();
      } while (!chunk.path("done").asBoolean() && ++polls < 200);
      assertTrue(chunk.path("done").asBoolean(), "the log ends: " + log);
      assertTrue(log.toString().contains("measuring"), log.toString());
      assertEquals(log.indexOf("measuring"), log.lastIndexOf("measuring"), "no line twice: " + log);

      // "Run again" on the run's page: a new run on the stack with the original's payload.
      HttpResponse<String> again =
          http.send(
              HttpRequest.newBuilder(URI.create(url).resolve("/api/runs/" + id + "/rerun"))
                  .header("X-Overtime-Token", token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, again.statusCode(), again.body());
      JsonNode rerun = JsonCodec.shared().readTree(again.body());
      assertEquals(id, rerun.path("rerunOf").asText(), again.body());
      String rerunId = rerun.path("runId").asText();
      JsonNode rerunDone =
          await(
              "the re-run to succeed on the stack",
              AWAIT,
              () -> json(http, get(url, "/api/runs/" + rerunId)),
              run -> run.path("status").asText().equals("SUCCEEDED"));
      assertEquals(16, rerunDone.at("/result/length").asInt(), rerunDone.toString());
      JsonNode originalPage = json(http, get(url, "/api/runs/" + id));
      assertEquals("[\"" + rerunId + "\"]", originalPage.path("reruns").toString());

      Path marker = work.resolve("console-wait.marker");
      String waiting =
          JobClient.of(AwsTestJobs.AWS_WAIT, engine).run(new Wait(marker.toString())).id();
      AwsEngineEndToEndTest.waitFor(
          () -> Files.exists(marker), "the job to start: " + path.taskLogText());
      HttpResponse<String> cancelled =
          http.send(
              HttpRequest.newBuilder(URI.create(url).resolve("/api/runs/" + waiting))
                  .header("X-Overtime-Token", token)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, cancelled.statusCode(), cancelled.body());
      assertEquals(
          RunStatus.CANCELLED,
          JobClient.of(AwsTestJobs.AWS_WAIT, engine).get(waiting).await(AWAIT).status());
    } finally {
      console.destroy();
      if (!console.waitFor(10, TimeUnit.SECONDS)) {
        console.destroyForcibly();
      }
    }
  }

  /**
   * What {@code probe} gives once {@code done} holds, looked at every 50 ms up to {@code patience}.
   */
  private static <T> T await(String what, Duration patience, Supplier<T> probe, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
      }
      Thread.sleep(50);
      last = probe.get();
    }
    return last;
  }

  /** {@code overtime run aws-measure --cp <classpath> --payload <payload> <more>}. */
  private Cli runMeasure(Map<String, String> env, String classpath, String payload, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(List.of("run", "aws-measure", "--cp", classpath, "--payload", payload));
    args.addAll(List.of(more));
    return cli(env, args.toArray(String[]::new));
  }

  private static HttpRequest get(String url, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(url).resolve(pathAndQuery)).GET().build();
  }

  private static JsonNode json(HttpClient http, HttpRequest request) {
    try {
      return JsonCodec.shared()
          .readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      throw new AssertionError(request.uri() + ": " + e, e);
    }
  }

  /**
   * The application the CLI loads: the test's class path (its entries that exist: {@code --cp}
   * refuses a missing one) and the registry directory, with the manifest written into it.
   */
  private String appClasspath() throws Exception {
    writeManifest(work.resolve("registry"));
    return Stream.concat(
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Files.exists(Path.of(entry))),
            Stream.of(work.resolve("registry").toString()))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * The manifest the processor would write for the hand-written {@code AwsTestJobsRegistry}, which
   * the CLI reads for the jobs' payload schemas: the jobs as {@code AwsTestJobs} declares them.
   */
  private static void writeManifest(Path registry) throws Exception {
    String text =
        "{\"type\": \"object\", \"additionalProperties\": false,"
            + " \"properties\": {\"text\": {\"type\": \"string\"}}, \"required\": [\"text\"]}";
    String wait =
        "{\"type\": \"object\", \"additionalProperties\": false,"
            + " \"properties\": {\"markerFile\": {\"type\": \"string\"}},"
            + " \"required\": [\"markerFile\"]}";
    String job =
        """
        {"name": "%s", "handlerClass": "dev.overtime.tests.aws.jobs.%s",
         "entrypoint": "dev.overtime.bootstrap.Main",
         "cpu": {"declared": "1 vCPU", "units": 1024},
         "memory": {"declared": "2 GB", "mib": 2048},
         "timeout": {"declared": "10 minutes", "seconds": 600},
         "retries": %d,
         "payload": {"javaType": "dev.overtime.tests.aws.jobs.%s", "schema": %s},
         "result": {"javaType": "%s", "schema": {"type": "%s"}}}
        """;
    String jobs =
        String.join(
            ",",
            job.formatted(
                "aws-measure",
                "Measure",
                0,
                "Text",
                text,
                "dev.overtime.tests.aws.jobs.TextStats",
                "object"),
            job.formatted("aws-wait", "WaitForCancel", 0, "Wait", wait, "java.lang.Void", "null"),
            job.formatted(
                "aws-fail-once",
                "FailOnce",
                1,
                "Text",
                text,
                "dev.overtime.tests.aws.jobs.TextStats",
                "object"));
    Path manifest =
        Files.createDirectories(registry.resolve("META-INF/overtime"))
            .resolve("dev.overtime.tests.aws.jobs.json");
    Files.writeString(
        manifest,
        """
        {"formatVersion": 1, "package": "dev.overtime.tests.aws.jobs", "registry": "%s",
         "jobs": [%s]}
        """
            .formatted(AwsTestJobsRegistry.class.getName(), jobs));
  }

  /** The stack output Environment's variables, pointed at the emulator and s3proxy. */
  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(path.clientEnvironment());
    env.remove("OVERTIME_ENGINE");
    env.put("OVERTIME_LOG_GROUP", LOG_GROUP);
    return env;
  }

  private record Cli(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  private static List<String> javaCli() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        "dev.overtime.cli.Main");
  }

  /** The real CLI in its own JVM, with exactly {@code env} plus PATH and HOME. */
  private Cli cli(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(javaCli());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", work.toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile(work, "cli", ".out");
    Path err = Files.createTempFile(work, "cli", ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("overtime " + String.join(" ", args) + " did not finish");
    }
    return new Cli(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
