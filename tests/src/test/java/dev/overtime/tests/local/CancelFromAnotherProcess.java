package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.tests.fixtures.Jobs;
import java.nio.file.Path;

/**
 * A second process on the same home, for {@link SharedHomeTest}: reads a run started by another
 * JVM, lists the runs, cancels the run, and prints what it saw.
 *
 * <p>Arguments: the home, the run id.
 */
public final class CancelFromAnotherProcess {
  private CancelFromAnotherProcess() {}

  public static void main(String[] args) {
    try (LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build()) {
      JobRun<Long> run = Jobs.localSleep(engine).get(args[1]);
      System.out.println("SEEN " + run.status());
      System.out.println("LISTED " + engine.list(null, null, 10).size());
      JobRun<Long> cancelled = Jobs.localSleep(engine).cancel(args[1]);
      System.out.println("CANCELLED-AS " + cancelled.status());
    }
  }
}
