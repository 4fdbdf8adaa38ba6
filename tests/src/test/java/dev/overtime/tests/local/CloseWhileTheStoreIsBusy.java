package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.JobRun;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Nap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An application for {@link StoreFailureProcessTest}: runs one {@code local-sleep}, prints its id,
 * and closes its engine when a line arrives on standard input, whatever the state of the run, then
 * prints {@code CLOSED} and exits. The engine's own messages (standard error) are part of the
 * output.
 *
 * <p>Arguments: the home, the marker directory, how long the job sleeps in milliseconds.
 */
public final class CloseWhileTheStoreIsBusy {
  private CloseWhileTheStoreIsBusy() {}

  public static void main(String[] args) throws Exception {
    LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build();
    JobRun<Long> run =
        Jobs.localSleep(engine).run(new Nap(Long.parseLong(args[2]), args[1], false));
    System.out.println("RUN " + run.id());
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    engine.close();
    System.out.println("CLOSED");
  }
}
