package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Failure;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An application that submits runs and exits at once, the way {@code overtime run} without {@code
 * --wait} does: prints {@code RUN <id>} per run and {@code SUBMITTED}.
 *
 * <p>Arguments: the home, then {@code flaky <retry base ms>} (a local-fail run that fails once) or
 * {@code sleep <marker directory> <millis> <count>} (local-sleep runs), or {@code single <marker
 * directory> <millis> <count>} ({@code <count>} local-single runs, limited to one at a time, then
 * one local-sleep run).
 */
public final class SubmitAndExit {
  private SubmitAndExit() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    LocalEngine.Builder builder = LocalEngine.builder().home(home).console(null);
    if (args[1].equals("flaky")) {
      builder.retryBaseDelay(Duration.ofMillis(Long.parseLong(args[2])));
    }
    try (LocalEngine engine = builder.build()) {
      if (args[1].equals("flaky")) {
        JobRun<Integer> run = Jobs.localFail(engine).run(new Failure("flaky", 2, false));
        System.out.println("RUN " + run.id());
      } else if (args[1].equals("single")) {
        int count = Integer.parseInt(args[4]);
        Nap nap = new Nap(Long.parseLong(args[3]), args[2], false);
        for (int i = 0; i < count; i++) {
          System.out.println("RUN " + Jobs.localSingle(engine).run(nap).id());
        }
        System.out.println("OTHER " + Jobs.localSleep(engine).run(nap).id());
      } else {
        int count = Integer.parseInt(args[4]);
        for (int i = 0; i < count; i++) {
          JobRun<Long> run =
              Jobs.localSleep(engine).run(new Nap(Long.parseLong(args[3]), args[2], false));
          System.out.println("RUN " + run.id());
        }
      }
    }
    System.out.println("SUBMITTED");
    System.out.flush();
    System.exit(0);
  }
}
