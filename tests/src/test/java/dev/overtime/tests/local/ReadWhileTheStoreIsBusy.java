package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An application for {@link StoreFailureProcessTest}: runs one {@code local-sleep} and reads its
 * record every 20 ms until it ends (at most 2 minutes), then prints the slowest read and the final
 * status. The engine's own messages (standard error) are part of the output the test reads.
 *
 * <p>Arguments: the home, the marker directory, how long the job sleeps in milliseconds.
 */
public final class ReadWhileTheStoreIsBusy {
  private ReadWhileTheStoreIsBusy() {}

  public static void main(String[] args) throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build()) {
      JobRun<Long> run =
          Jobs.localSleep(engine).run(new Nap(Long.parseLong(args[2]), args[1], false));
      System.out.println("RUN " + run.id());
      long slowest = 0;
      long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      RunRecord record = engine.find(run.id()).orElseThrow();
      while (!record.status().isTerminal() && System.nanoTime() < until) {
        Thread.sleep(20);
        long start = System.nanoTime();
        record = engine.find(run.id()).orElseThrow();
        slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
      }
      System.out.println("SLOWEST-READ-MS " + slowest);
      System.out.println("STATUS " + record.status());
    }
  }
}
