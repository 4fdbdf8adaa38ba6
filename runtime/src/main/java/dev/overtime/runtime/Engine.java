package dev.overtime.runtime;

import dev.overtime.runtime.spi.RunPoller;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * Records a batch of runs, as {@link JobClient#runAll} does, and returns their records in the
   * order of {@code requests}. Each request follows the idempotency rule of {@link #submit}: a
   * request whose key is already used returns that run, and two requests of one batch with the same
   * job and key are one run.
   *
   * <p>The default submits one request after the other, so a failure part-way leaves the runs
   * before it recorded; engines that can record a batch at once (the local engine in one
   * transaction, AWS in one invoker call) override it and record all or none.
   */
  default List<RunRecord> submitAll(List<SubmitRequest> requests) {
    List<RunRecord> records = new ArrayList<>(requests.size());
    for (SubmitRequest request : requests) {
      records.add(submit(request));
    }
    return records;
  }

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
   * Moves the start time of a run that has not started yet ({@link RunStatus#DELAYED}, or {@link
   * RunStatus#QUEUED} and never started) to {@code startAt}; a time that has come makes it {@code
   * QUEUED} at once. Its time to live, if it has one, counts again from {@code startAt}.
   *
   * @throws IllegalStateException when the run has started or ended, naming its status
   * @throws UnknownRunException when no such run exists
   * @throws UnsupportedOperationException when this engine cannot delay runs
   */
  default RunRecord reschedule(String job, String runId, Instant startAt) {
    throw new UnsupportedOperationException(
        "The " + name() + " engine cannot reschedule runs; use the local or aws engine");
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
