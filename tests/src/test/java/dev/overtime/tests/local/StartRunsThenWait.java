package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM that {@link CrashRecoveryTest} kills: starts runs on a home with concurrency 2, prints
 * {@code RUN <id>} for each, waits until the first two are working, prints {@code READY}, and then
 * waits to be killed.
 *
 * <p>Arguments: the home, the marker directory, how long the running runs work (ms).
 */
public final class StartRunsThenWait {
  private StartRunsThenWait() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    String markers = args[1];
    long workMillis = Long.parseLong(args[2]);
    LocalEngine engine = LocalEngine.builder().home(home).concurrency(2).console(null).build();
    List<JobRun<Long>> runs = new ArrayList<>();
    runs.add(Jobs.localSleep(engine).run(new Nap(workMillis, markers, false)));
    runs.add(Jobs.localSleep(engine).run(new Nap(workMillis, markers, false)));
    runs.add(Jobs.localSleep(engine).run(new Nap(300, markers, false)));
    runs.add(Jobs.localSleep(engine).run(new Nap(300, markers, false)));
    for (JobRun<Long> run : runs) {
      System.out.println("RUN " + run.id());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      boolean working = true;
      for (JobRun<Long> run : runs.subList(0, 2)) {
        working &=
            run.refresh().status() == RunStatus.RUNNING
                && Marker.started(Marker.file(Path.of(markers), run.id(), 1));
      }
      if (working) {
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
