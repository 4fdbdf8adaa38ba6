package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Greeting;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An application that submits one delayed run and exits at once: prints {@code RUN <id>} and {@code
 * SUBMITTED}. Arguments: the home, the delay in milliseconds.
 */
public final class SubmitDelayedAndExit {
  private SubmitDelayedAndExit() {}

  public static void main(String[] args) throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build()) {
      JobRun<String> run =
          Jobs.localGreet(engine)
              .run(
                  new Greeting("later", 1),
                  RunOptions.builder()
                      .startAfter(Duration.ofMillis(Long.parseLong(args[1])))
                      .build());
      System.out.println("RUN " + run.id());
    }
    System.out.println("SUBMITTED");
    System.out.flush();
    System.exit(0);
  }
}
