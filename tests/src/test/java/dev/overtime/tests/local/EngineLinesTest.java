package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.Supervisor;
import dev.overtime.engine.local.SupervisorClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Failure;
import dev.overtime.tests.local.jobs.Unterminated;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's lines about a run ({@code attempt 1 ended ...}, {@code run ended ...}, the
 * bootstrap's {@code passed its deadline}) are lines of their own, after the job's output, in the
 * run's log and in the console echo, even when the job's last output has no newline (a progress
 * indicator written with {@code print}) and is still in its standard output's buffer.
 */
class EngineLinesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path home;
  private EchoedEngine echo;
  private LocalEngine engine;

  @BeforeEach
  void openEngine() {
    echo = new EchoedEngine(home);
    engine = echo.engine();
  }

  @AfterEach
  void closeEngine() {
    echo.close();
  }

  @Test
  void aRetryAndTheRunsEndAreLinesOfTheirOwnInTheLogAndTheEcho() throws Exception {
    JobRun<Integer> run =
        Jobs.localUnterminated(engine).run(new Unterminated("working", 2, 0)).await(WAIT);

    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    List<String> log = Files.readAllLines(engine.logFile(run.id()));
    int attemptEnded = indexOfLineStarting(log, "[overtime] attempt 1 ended FAILED");
    int secondStarted = indexOfLineStarting(log, "[overtime] attempt 2 of 2 started at ");
    assertTrue(indexOfLineContaining(log, "working (attempt 1)") < attemptEnded, lines(log));
    assertTrue(attemptEnded < secondStarted, lines(log));
    assertTrue(secondStarted < indexOfLineContaining(log, "working (attempt 2)"), lines(log));
    assertEquals("[overtime] run ended SUCCEEDED", log.get(log.size() - 1), lines(log));

    assertEquals(
        log, echo.echoedLines("local-unterminated", run.id()), "the echo is the log, line by line");
  }

  /**
   * The retry's line is written before the retry is recorded: once the run is QUEUED again its next
   * attempt may start at any moment, and a line written later would follow that attempt's header
   * (or be lost, appended to a log a warm JVM's file was just renamed over). The supervisor here
   * stops for good right after recording the retry, the widest form of that window.
   */
  @Test
  void aRetrysLineIsInTheLogBeforeTheNextAttemptCanStart() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(Supervisor.IDLE_VARIABLE, "10m");
    env.put(LocalEngine.CONCURRENCY_VARIABLE, "2");
    env.put("OVERTIME_SUPERVISOR_TEST_PAUSE_AT", "requeued");
    Process supervisor = SeparateJvm.start(Supervisor.class, env, home.toString());
    try {
      SupervisorClient client = new SupervisorClient(home, Map.of());
      Conditions.waitUntil("the supervisor answers", WAIT, () -> client.status().isPresent());

      JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 2, false)).await(WAIT);

      assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
      assertTrue(Files.exists(home.resolve("paused-requeued")), "the supervisor paused");
      List<String> log = Files.readAllLines(engine.logFile(run.id()));
      int attemptEnded = indexOfLineStarting(log, "[overtime] attempt 1 ended FAILED");
      int secondStarted = indexOfLineStarting(log, "[overtime] attempt 2 of 3 started at ");
      assertTrue(attemptEnded < secondStarted, lines(log));
      assertTrue(
          echo.echoed().contains("[local-fail " + run.id() + "] [overtime] attempt 1 ended FAILED"),
          echo.echoed());
    } finally {
      supervisor.destroyForcibly();
      supervisor.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTimedOutRunsLinesComeAfterTheJobsLastOutput() throws Exception {
    JobRun<Integer> run =
        Jobs.localUnterminated(engine)
            .run(
                new Unterminated("working", 1, 120_000),
                RunOptions.builder().timeout(Duration.ofSeconds(2)).build())
            .await(WAIT);

    assertEquals(RunStatus.TIMED_OUT, run.status(), run.toString());
    List<String> log = Files.readAllLines(engine.logFile(run.id()));
    int output = indexOfLineContaining(log, "working (attempt 1)");
    int started = indexOfLineStarting(log, "[overtime] attempt 1 of 2 started at ");
    int ended = indexOfLineStarting(log, "[overtime] run ended TIMED_OUT");
    assertTrue(started < output, lines(log));
    assertTrue(output < ended, lines(log));
    assertEquals(log.size() - 1, ended, "the run's end is the log's last line: " + lines(log));
    // The bootstrap's own lines (its deadline, or the SIGTERM that came first) follow the job's.
    for (int i = 0; i < output; i++) {
      assertTrue(
          !log.get(i).startsWith("[overtime] run " + run.id())
              && !log.get(i).startsWith("[overtime] SIGTERM"),
          "the job's output comes before the bootstrap's lines about its end: " + lines(log));
    }
    assertTrue(
        log.get(output).equals("working (attempt 1)"),
        "the job's output is a line of its own: " + lines(log));

    assertEquals(
        log, echo.echoedLines("local-unterminated", run.id()), "the echo is the log, line by line");
  }

  /**
   * A job that ignores its interrupt is killed (SIGKILL after the grace period) before the
   * bootstrap can end its open line: the supervisor ends it before its own line.
   */
  @Test
  void theRunsEndIsALineOfItsOwnAfterAKilledJobsOpenLine() throws Exception {
    try (LocalEngine quick =
        LocalEngine.builder()
            .home(home)
            .gracePeriod(Duration.ofMillis(300))
            .console(echo.console())
            .build()) {
      JobRun<Integer> run =
          Jobs.localUnterminated(quick)
              .run(
                  new Unterminated("working", 1, 120_000, true),
                  RunOptions.builder().timeout(Duration.ofSeconds(2)).build())
              .await(WAIT);

      assertEquals(RunStatus.TIMED_OUT, run.status(), run.toString());
      List<String> log = Files.readAllLines(quick.logFile(run.id()));
      int output = indexOfLineContaining(log, "working (attempt 1)");
      int ended = indexOfLineStarting(log, "[overtime] run ended TIMED_OUT");
      assertTrue(output < ended, lines(log));
      assertEquals(log.size() - 1, ended, "the run's end is the log's last line: " + lines(log));
    }
  }

  @Test
  void anApplicationThatAwaitsItsRunHasPrintedTheWholeLogWhenAwaitReturns() throws Exception {
    Process app = SeparateJvm.start(RunAndAwait.class, Map.of("OVERTIME_HOME", home.toString()));
    List<String> output;
    try (BufferedReader reader = SeparateJvm.reader(app)) {
      output = reader.lines().toList();
    }
    assertTrue(app.waitFor(90, TimeUnit.SECONDS), "the application exits");
    assertEquals(0, app.exitValue(), String.join("\n", output));

    String id =
        output.stream()
            .filter(line -> line.startsWith("RUN "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN line: " + output))
            .substring(4);
    List<String> log = Files.readAllLines(engine.logFile(id));
    int status = output.indexOf("STATUS SUCCEEDED");
    assertTrue(status > 0, String.join("\n", output));
    List<String> echoedBeforeAwaitReturned =
        EchoedEngine.linesOf(output.subList(0, status), "local-unterminated", id);
    assertEquals(
        log,
        echoedBeforeAwaitReturned,
        "the application's console showed the whole run.log, line by line, before await"
            + " returned:\n"
            + String.join("\n", output));
    assertEquals("[overtime] run ended SUCCEEDED", log.get(log.size() - 1), lines(log));
  }

  private static int indexOfLineStarting(List<String> log, String start) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(start)) {
        return i;
      }
    }
    throw new AssertionError("no line starting '" + start + "' in the log:\n" + lines(log));
  }

  private static int indexOfLineContaining(List<String> log, String text) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with '" + text + "' in the log:\n" + lines(log));
  }

  private static String lines(List<String> log) {
    return "\n" + String.join("\n", log);
  }
}
