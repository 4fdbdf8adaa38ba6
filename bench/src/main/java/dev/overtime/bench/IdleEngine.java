package dev.overtime.bench;

import dev.overtime.engine.local.LocalEngine;
import java.nio.file.Path;

/**
 * A process that opens a local engine on a home, prints {@link #READY} and idles until its standard
 * input closes: what an application with the engine open and nothing to run costs.
 *
 * <pre>java -cp ... dev.overtime.bench.IdleEngine &lt;home&gt;</pre>
 */
public final class IdleEngine {
  static final String READY = "idle-engine-ready";

  private IdleEngine() {}

  public static void main(String[] args) throws Exception {
    try (LocalEngine engine = LocalEngine.builder().home(Path.of(args[0])).console(null).build()) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // Idle until the benchmark closes the pipe.
      }
    }
  }
}
