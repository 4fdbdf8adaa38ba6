package dev.overtime.runtime;

import dev.overtime.runtime.internal.JobJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one run, typed by the job's result. Snapshots do not change; {@link #refresh()} and
 * {@link #await(Duration)} return newer ones.
 *
 * <pre>{@code
 * JobRun<BigInteger> run = Jobs.factorial().run(new FactorialPayload(20));
 * BigInteger value = run.await(Duration.ofMinutes(5)).result();
 * }</pre>
 *
 * <p>A run that a {@code @Schedule} fired is an ordinary run of its job: {@link #details()} names
 * the schedule ({@link RunDetails#schedule()}, {@code "factorial#0"}) and the fire time it ran for
 * ({@link RunDetails#scheduledFor()}), and {@link #toString()} says so:
 *
 * <pre>{@code
 * run.details().schedule().ifPresent(s -> log.info("fired by " + s));
 * // JobRun{factorial 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 SUCCEEDED, schedule factorial#0 fire of 2026-12-02T01:30:00Z}
 * }</pre>
 *
 * @param <R> the result type
 */
public final class JobRun<R> {
  private final JobDescriptor<?, R> job;
  private final Engine engine;
  private final RunRecord record;

  JobRun(JobDescriptor<?, R> job, Engine engine, RunRecord record) {
    this.job = Objects.requireNonNull(job, "job");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.record = Objects.requireNonNull(record, "record");
  }

  /** The run id: pass it to {@code get(runId)} or {@code cancel(runId)}, from any process. */
  public String id() {
    return record.id();
  }

  /** The job name. */
  public String job() {
    return record.job();
  }

  public RunStatus status() {
    return record.status();
  }

  /** The current or last attempt, from 1. */
  public int attempt() {
    return record.attempt();
  }

  public Instant createdAt() {
    return record.createdAt();
  }

  /** When the current attempt started; empty while delayed or queued. */
  public Optional<Instant> startedAt() {
    return Optional.ofNullable(record.startedAt());
  }

  /** When the run ended; empty until it does. */
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(record.finishedAt());
  }

  /** Why the run did not succeed; empty unless it failed, was cancelled, timed out or was lost. */
  public Optional<RunError> error() {
    return Optional.ofNullable(record.error());
  }

  /** Whether the run has ended. */
  public boolean isDone() {
    return record.status().isTerminal();
  }

  /**
   * The result of a succeeded run ({@code null} for a {@code Void} job).
   *
   * @throws JobFailedException if the run did not succeed, or has not ended yet
   */
  public R result() {
    if (record.status() != RunStatus.SUCCEEDED) {
      throw new JobFailedException(record.job(), record.id(), record.status(), record.error());
    }
    if (job.resultType().isVoid()) {
      return null;
    }
    return JobJson.decode(record.resultJson(), job.resultType());
  }

  /**
   * Progress, tags, priority, start time, expiry, the schedule that fired the run and its fire time
   * ({@link RunDetails#schedule()}, {@link RunDetails#scheduledFor()}; empty for a run started by
   * code or a command), and attempt times, as far as the engine knows them.
   */
  public RunDetails details() {
    return record.details();
  }

  /**
   * The latest progress the handler reported through {@code JobContext.progress(fraction,
   * message)}; empty until it reports. A snapshot's value is as of when it was taken: {@link
   * #refresh()} for a newer one.
   *
   * <pre>{@code
   * run.refresh().progress().ifPresent(p -> System.out.printf("%.0f%% %s%n", p.fraction() * 100,
   *     p.message()));
   * }</pre>
   */
  public Optional<RunProgress> progress() {
    return record.details().progress();
  }

  /** When a delayed run is due to start ({@link RunOptions.Builder#startAt}), if it was delayed. */
  public Optional<Instant> startAt() {
    return record.details().startAt();
  }

  /** When the run expires if it has not started by then ({@link RunOptions.Builder#timeToLive}). */
  public Optional<Instant> expiresAt() {
    return record.details().expiresAt();
  }

  /** The untyped record this snapshot wraps. */
  public RunRecord record() {
    return record;
  }

  /** A fresh snapshot of this run. */
  public JobRun<R> refresh() {
    RunRecord latest =
        engine
            .find(record.id())
            .orElseThrow(() -> new UnknownRunException(record.job(), record.id(), engine.name()));
    return new JobRun<>(job, engine, latest);
  }

  /**
   * Waits until the run ends and returns its final snapshot.
   *
   * @throws AwaitTimeoutException if it has not ended within {@code timeout}; the run goes on
   */
  public JobRun<R> await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    if (isDone()) {
      return this;
    }
    return new JobRun<>(job, engine, engine.await(record.job(), record.id(), timeout));
  }

  @Override
  public String toString() {
    return "JobRun{"
        + record.job()
        + " "
        + record.id()
        + " "
        + record.status()
        + (record.error() == null ? "" : " " + record.error())
        + scheduledBy()
        + "}";
  }

  // ", schedule factorial#0 fire of 2026-12-02T01:30:00Z" for a run a schedule fired, else "".
  private String scheduledBy() {
    RunDetails details = record.details();
    return details
        .schedule()
        .map(
            schedule ->
                ", schedule "
                    + schedule
                    + details.scheduledFor().map(fire -> " fire of " + fire).orElse(""))
        .orElse("");
  }
}
