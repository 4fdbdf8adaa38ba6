package dev.overtime.bench;

import dev.overtime.engine.local.SupervisorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ends what a benchmark's local engine started: its home's supervisor and that supervisor's child
 * JVMs, by process id. The benchmarks that hold the engine's only slot leave thousands of runs
 * queued; cancelling the hold run would let the supervisor start every one of them after the
 * benchmark ended (and after its home was deleted), loading the machine for the next benchmark.
 */
public final class EngineTeardown {
  private EngineTeardown() {}

  /**
   * Stops the supervisor of {@code home} with force and destroys the processes it had started
   * (queued runs stay queued; the home is deleted by the caller). Returns how many child processes
   * it ended.
   */
  public static int stopSupervisor(Path home) {
    SupervisorClient client = new SupervisorClient(home, Map.of());
    Optional<SupervisorClient.Status> status = client.status();
    if (status.isEmpty()) {
      return 0;
    }
    List<ProcessHandle> children =
        ProcessHandle.of(status.get().pid())
            .map(supervisor -> supervisor.descendants().toList())
            .orElse(List.of());
    client.stop(true, Duration.ofSeconds(10));
    for (ProcessHandle child : children) {
      child.destroy();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle child : children) {
      while (child.isAlive() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    return children.size();
  }
}
