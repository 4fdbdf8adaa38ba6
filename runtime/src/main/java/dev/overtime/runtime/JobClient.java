package dev.overtime.runtime;

import dev.overtime.runtime.internal.JobJson;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * Starts and follows the runs of one job. Generated {@code Jobs} methods return one, typed by the
 * job's payload and result, so a wrong payload is a compile error:
 *
 * <pre>{@code
 * JobRun<BigInteger> run = Jobs.factorial().run(new FactorialPayload(20));
 * Jobs.factorial().cancel(run.id());
 * JobRun<BigInteger> later = Jobs.factorial().get(run.id());
 * }</pre>
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobClient<P, R> {
  private final JobDescriptor<P, R> job;
  private final Engine engine;

  private JobClient(JobDescriptor<P, R> job, Engine engine) {
    this.job = Objects.requireNonNull(job, "job");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** A client of {@code job} on {@code engine}. */
  public static <P, R> JobClient<P, R> of(JobDescriptor<P, R> job, Engine engine) {
    return new JobClient<>(job, engine);
  }

  /**
   * A client of {@code job} on the engine named by {@code OVERTIME_ENGINE} (default {@code local}).
   */
  public static <P, R> JobClient<P, R> of(JobDescriptor<P, R> job) {
    return new JobClient<>(job, Engines.defaultEngine());
  }

  public JobDescriptor<P, R> descriptor() {
    return job;
  }

  public Engine engine() {
    return engine;
  }

  /** Starts a run with default options. Returns once the run is durably recorded. */
  public JobRun<R> run(P payload) {
    return run(payload, RunOptions.defaults());
  }

  /**
   * Starts a run. Returns once the run is durably recorded; with an idempotency key already used
   * for this job, returns that run instead of starting another.
   *
   * @throws NullPointerException if payload or options is null
   * @throws IllegalArgumentException if the timeout override is longer than the job's timeout
   */
  public JobRun<R> run(P payload, RunOptions options) {
    if (payload == null) {
      throw new NullPointerException(
          "payload of job '"
              + job.name()
              + "' is null; pass a "
              + job.payloadType().getSimpleName()
              + " instance");
    }
    if (options == null) {
      throw new NullPointerException(
          "options of job '" + job.name() + "' is null; use RunOptions.defaults()");
    }
    String payloadJson = JobJson.encode(job.payloadJobType(), payload);
    RunRecord record =
        engine.submit(new SubmitRequest(job, payloadJson, options, options.effectiveTimeout(job)));
    return new JobRun<>(job, engine, record);
  }

  /**
   * The current state of a run of this job.
   *
   * @throws UnknownRunException if there is no such run of this job on this engine
   */
  public JobRun<R> get(String runId) {
    RunRecord record =
        engine
            .find(requireRunId(runId))
            .filter(found -> found.job().equals(job.name()))
            .orElseThrow(() -> new UnknownRunException(job.name(), runId, engine.name()));
    return new JobRun<>(job, engine, record);
  }

  /**
   * Cancels a run of this job. Idempotent: a run that already ended is returned unchanged.
   *
   * @throws UnknownRunException if there is no such run of this job on this engine
   */
  public JobRun<R> cancel(String runId) {
    get(runId);
    return new JobRun<>(job, engine, engine.cancel(job.name(), runId));
  }

  /**
   * Moves the start time of a run of this job that has not started yet: a {@code DELAYED} run, or a
   * {@code QUEUED} one that never started. A time that has come queues it at once; its time to live
   * counts again from the new time.
   *
   * <pre>{@code
   * Jobs.report().reschedule(run.id(), Instant.parse("2026-12-24T18:00:00Z"));
   * }</pre>
   *
   * @throws IllegalStateException once the run has started or ended
   * @throws UnknownRunException if there is no such run of this job on this engine
   */
  public JobRun<R> reschedule(String runId, Instant startAt) {
    if (startAt == null) {
      throw new IllegalArgumentException(
          "startAt of job '"
              + job.name()
              + "' is null; pass the new start time, e.g."
              + " Instant.parse(\"2026-12-24T18:00:00Z\")");
    }
    get(runId);
    return new JobRun<>(job, engine, engine.reschedule(job.name(), runId, startAt));
  }

  private String requireRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException(
          "runId of job '" + job.name() + "' is empty; pass the id returned by run(...)");
    }
    return runId;
  }

  @Override
  public String toString() {
    return "JobClient{" + job.name() + " on " + engine.name() + "}";
  }
}
