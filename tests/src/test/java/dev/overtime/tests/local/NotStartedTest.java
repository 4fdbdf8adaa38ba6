package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.ErrorCode;
import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts that never reach their handler: they are started again as the same attempt, without
 * using the job's retries, until the start limit, and then end FAILED "could not start".
 */
@Timeout(120)
class NotStartedTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;

  @AfterEach
  void killLeftovers() {
    ChildProcesses.killDescendants();
  }

  @Test
  void aJvmThatDiesBeforeTheHandlerBeganIsStartedAgainThenFailsCouldNotStart() throws Exception {
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .console(null)
            .retryBaseDelay(Duration.ofMillis(10))
            .jvmOptions(List.of("-XX:+NoSuchOptionOfAnyJvm"))
            .build()) {
      // local-fail declares 2 retries: none of them may be used by starts that never ran the
      // handler.
      JobRun<Integer> run =
          Jobs.localFail(engine).run(new Failure("never runs", 0, false)).await(WAIT);

      assertEquals(RunStatus.FAILED, run.status(), run.toString());
      assertEquals(1, run.attempt(), "a start that never reached the handler uses no retry");
      RunError error = run.error().orElseThrow();
      assertEquals(ErrorCode.START_FAILED.id(), error.type());
      assertTrue(error.message().contains("Could not start attempt 1"), error.message());
      assertTrue(
          error.message().contains("exited with code 1 before the handler began"), error.message());
      String log = Files.readString(engine.logFile(run.id()));
      assertEquals(
          AttemptLifecycle.START_LIMIT, log.split("attempt 1 of 3 started", -1).length - 1, log);
    }
  }

  @Test
  void aProcessThatCannotBeSpawnedIsNeverStartedAndFailsCouldNotStart() throws Exception {
    try (LocalEngine engine =
        LocalEngine.builder()
            .home(home)
            .console(null)
            .retryBaseDelay(Duration.ofMillis(10))
            .build()) {
      // runs/ is a file: the run's directory, and so its process, can never be made.
      Files.writeString(home.resolve("runs"), "in the way");
      JobRun<Integer> run =
          Jobs.localFail(engine).run(new Failure("never runs", 0, false)).await(WAIT);

      assertEquals(RunStatus.FAILED, run.status(), run.toString());
      assertEquals(1, run.attempt());
      RunError error = run.error().orElseThrow();
      assertEquals(ErrorCode.START_FAILED.id(), error.type());
      assertTrue(error.message().contains("could not start the process"), error.message());
    }
  }
}
