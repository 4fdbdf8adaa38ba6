package dev.overtime.runtime;

import dev.overtime.runtime.spi.RunPoller;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where runs happen: the local engine (child processes), the inline engine (the calling thread),
 * the AWS engine (ECS Fargate through the invoker Lambda), or another one plugged in through {@link
 * dev.overtime.runtime.spi.EngineProvider}. Implementations are thread-safe.
 */
public interface Engine extends AutoCloseable {

  /**
   * A short name, as used in {@code OVERTIME_ENGINE}: {@code local}, {@code inline}, {@code aws}.
   */
  String name();

  /**
   * Durably records a new run (or, for a known idempotency key, finds the existing one) and
   * schedules it; returns once the run cannot be lost.
   */
  RunRecord submit(SubmitRequest request);

  /** The run with this id, if this engine knows it. */
  Optional<RunRecord> find(String runId);

  /**
   * Cancels the run: a queued run never starts, a running one is stopped. Idempotent: a run that
   * already ended is returned as it is.
   *
   * @throws UnknownRunException when no such run exists
   */
  RunRecord cancel(String job, String runId);

  /**
   * Starts a new run of the same job with the same payload as run {@code runId} (whatever its
   * state): a new id, its {@link RunDetails#rerunOf()} naming the original, which lists it in
   * {@link #rerunsOf}. Returns once the new run is durably recorded.
   *
   * @throws UnknownRunException when no such run exists
   * @throws UnsupportedOperationException when this engine cannot re-run runs
   */
  default RunRecord rerun(String job, String runId) {
    throw new UnsupportedOperationException(
        "The " + name() + " engine cannot re-run runs; start a new run with run(payload)");
  }

  /** The ids of the runs that re-run {@code runId}, oldest first; none when it has none. */
  default List<String> rerunsOf(String runId) {
    return List.of();
  }

  /**
   * Waits until the run is terminal. The default polls {@link #find}; engines that know when runs
   * end override it.
   *
   * @throws AwaitTimeoutException when the run is not terminal after {@code timeout}
   */
  default RunRecord await(String job, String runId, Duration timeout) {
    return RunPoller.await(this, job, runId, timeout, Duration.ofMillis(5), Duration.ofMillis(200));
  }

  /**
   * Releases the engine's resources. Runs already started go on (locally: as orphans, recovered
   * later).
   */
  @Override
  void close();
}
