package dev.overtime.tests.local;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.EnvNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * An application for {@link BoundEnvironmentLocalTest}: runs {@code local-env-probe} on the home in
 * {@code args[0]} for the variables named by the other arguments, and prints {@code RESULT <what
 * the job saw>} (or {@code STATUS <status>} when it did not succeed).
 */
public final class ProbeEnvironment {
  private ProbeEnvironment() {}

  public static void main(String[] args) throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build()) {
      var run =
          Jobs.localEnvProbe(engine)
              .run(new EnvNames(Arrays.asList(args).subList(1, args.length)))
              .await(Duration.ofSeconds(120));
      System.out.println(
          run.status().name().equals("SUCCEEDED")
              ? "RESULT " + run.result()
              : "STATUS " + run.status() + " " + run.error());
    }
    System.out.flush();
  }
}
