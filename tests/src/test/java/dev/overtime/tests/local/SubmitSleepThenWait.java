package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An application whose process group a test kills: submits one local-sleep run, prints {@code RUN
 * <id>}, prints {@code READY} once its handler works, then waits to be killed.
 *
 * <p>Arguments: the home, the marker directory, how long the run works (ms).
 */
public final class SubmitSleepThenWait {
  private SubmitSleepThenWait() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path markers = Path.of(args[1]);
    LocalEngine engine = LocalEngine.builder().home(home).console(null).build();
    JobRun<Long> run =
        Jobs.localSleep(engine).run(new Nap(Long.parseLong(args[2]), markers.toString(), false));
    System.out.println("RUN " + run.id());
    System.out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Marker.started(Marker.file(markers, run.id(), 1))) {
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      Thread.sleep(20);
    }
    System.out.println("NOT READY");
    System.exit(1);
  }
}
