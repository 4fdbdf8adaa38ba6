package dev.overtime.tests.local;

import dev.overtime.runtime.JobRun;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Unterminated;
import java.time.Duration;

/**
 * An application as its users write one: through the generated client and the default engine (home
 * from {@code OVERTIME_HOME}, echo on standard output), runs a local-unterminated run that fails
 * once and succeeds on its retry, prints {@code RUN <id>}, awaits it, prints {@code STATUS
 * <status>} and exits.
 */
public final class RunAndAwait {
  private RunAndAwait() {}

  public static void main(String[] args) {
    JobRun<Integer> run = Jobs.localUnterminated().run(new Unterminated("working", 2, 0));
    System.out.println("RUN " + run.id());
    System.out.println("STATUS " + run.await(Duration.ofSeconds(90)).status());
  }
}
