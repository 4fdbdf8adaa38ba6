package dev.overtime.tests.slurm;

import dev.overtime.engine.slurm.SlurmEngine;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.slurm.jobs.Work;
import java.nio.file.Path;
import java.util.Map;

/**
 * The submitting JVM that {@link SlurmFailuresTest} kills with SIGKILL: submits runs to the Slurm
 * engine, prints {@code RUN <id>} for each and {@code READY}, then waits to be killed.
 *
 * <p>Arguments: the shared directory, the slurm.conf, the marker directory, how many runs, how long
 * each works (ms).
 */
public final class SubmitThenWait {
  private SubmitThenWait() {}

  public static void main(String[] args) throws Exception {
    SlurmEngine engine =
        SlurmEngine.builder(Map.of("SLURM_CONF", args[1])).directory(Path.of(args[0])).build();
    int runs = Integer.parseInt(args[3]);
    long millis = Long.parseLong(args[4]);
    for (int i = 0; i < runs; i++) {
      System.out.println("RUN " + Jobs.slurmWork(engine).run(new Work(millis, args[2])).id());
    }
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
