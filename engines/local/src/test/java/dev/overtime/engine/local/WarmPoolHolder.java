package dev.overtime.engine.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A process that holds a warm pool with one idle JVM and prints that JVM's pid, then waits to be
 * killed: {@code java dev.overtime.engine.local.WarmPoolHolder <directory>}.
 */
public final class WarmPoolHolder {
  private WarmPoolHolder() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    WarmPool pool =
        new WarmPool(directory.resolve("warm"), 1, Duration.ofHours(1), new ColdSpawner(directory));
    LaunchSpec spec = WarmPoolTest.spec("-Xmx64m");
    Path log = directory.resolve("first.log");
    Process first = pool.spawn(spec, List.of(), WarmPoolTest.contract(directory, "first"), log);
    first.waitFor();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (pool.idleProcesses().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.println(pool.idleProcesses().get(0).pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
