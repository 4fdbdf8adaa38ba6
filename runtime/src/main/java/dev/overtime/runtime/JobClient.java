package dev.overtime.runtime;

import dev.overtime.runtime.internal.JobJson;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Starts and follows the runs of one job. Generated {@code Jobs} methods return one, typed by the
 * job's payload and result, so a wrong payload is a compile error:
 *
 * <pre>{@code
 * JobRun<BigInteger> run = Jobs.factorial().run(new FactorialPayload(20));
 * Jobs.factorial().cancel(run.id());
 * JobRun<BigInteger> later = Jobs.factorial().get(run.id());
 * List<JobRun<BigInteger>> batch = Jobs.factorial().runAll(List.of(
 *     new FactorialPayload(10), new FactorialPayload(11)));  // one transaction locally
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
   * Starts a batch of runs with default options, all or none: returns once every run is durably
   * recorded, the handles in the order of {@code payloads}. See {@link #runAll(List, Function)}.
   *
   * @throws InvalidBatchItemException naming the first item that is refused; nothing is recorded
   */
  public List<JobRun<R>> runAll(List<? extends P> payloads) {
    return runAll(payloads, payload -> RunOptions.defaults());
  }

  /**
   * Starts a batch of runs that share {@code options} (tags, priority, start time, timeout). The
   * options must not carry an idempotency key, which would make the whole batch one run: give each
   * item its own key with {@link #runAll(List, Function)}.
   *
   * @throws IllegalArgumentException if {@code options} has an idempotency key
   * @throws InvalidBatchItemException naming the first item that is refused; nothing is recorded
   */
  public List<JobRun<R>> runAll(List<? extends P> payloads, RunOptions options) {
    if (options == null) {
      throw new NullPointerException(
          "options of runAll of job '" + job.name() + "' is null; use RunOptions.defaults()");
    }
    if (options.idempotencyKey().isPresent()) {
      throw new IllegalArgumentException(
          "runAll of job '"
              + job.name()
              + "': one idempotency key for the whole batch would make it one run; give each"
              + " item its own with runAll(payloads, payload -> RunOptions.builder()"
              + ".idempotencyKey(...).build())");
    }
    return runAll(payloads, payload -> options);
  }

  /**
   * Starts a batch of runs, each with the options {@code optionsOf} gives for its payload, for
   * example its own idempotency key. The batch is all or none: when an item is refused (a null or
   * invalid payload, null options, a timeout longer than the job's), nothing is recorded and the
   * error names the item. The local engine records the batch in one transaction, AWS in one invoker
   * call; the handles come back in the order of {@code payloads}.
   *
   * <p>Idempotency holds per item, as for {@link #run(Object, RunOptions)}: an item whose key was
   * used before returns that run, and two items of one batch with the same key are one run (both
   * handles have its id).
   *
   * @throws InvalidBatchItemException naming the first item that is refused; nothing is recorded
   */
  public List<JobRun<R>> runAll(
      List<? extends P> payloads, Function<? super P, RunOptions> optionsOf) {
    if (payloads == null) {
      throw new NullPointerException(
          "payloads of runAll of job '" + job.name() + "' is null; pass a list, maybe empty");
    }
    Objects.requireNonNull(optionsOf, "optionsOf");
    List<SubmitRequest> requests = new ArrayList<>(payloads.size());
    int size = payloads.size();
    int index = 0;
    for (P payload : payloads) {
      try {
        if (payload == null) {
          throw new NullPointerException(
              "the payload is null; pass a " + job.payloadType().getSimpleName() + " instance");
        }
        RunOptions options = optionsOf.apply(payload);
        if (options == null) {
          throw new NullPointerException("its options are null; use RunOptions.defaults()");
        }
        requests.add(
            new SubmitRequest(
                job,
                JobJson.encode(job.payloadJobType(), payload),
                options,
                options.effectiveTimeout(job)));
      } catch (InvalidBatchItemException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new InvalidBatchItemException(job.name(), index, size, e);
      }
      index++;
    }
    if (requests.isEmpty()) {
      return List.of();
    }
    List<RunRecord> records = engine.submitAll(requests);
    if (records.size() != requests.size()) {
      throw new OvertimeException(
          "Engine "
              + engine.name()
              + " answered a batch of "
              + requests.size()
              + " runs with "
              + records.size()
              + " records; this is a bug in the engine, please report it.");
    }
    List<JobRun<R>> runs = new ArrayList<>(records.size());
    for (RunRecord record : records) {
      runs.add(new JobRun<>(job, engine, record));
    }
    return runs;
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
   * Starts a new run of this job with the payload of run {@code runId}: a new id, linked to the
   * original ({@link JobRun#details()}{@code .rerunOf()}); the original lists it in {@link
   * Engine#rerunsOf}.
   *
   * <pre>{@code
   * JobRun<BigInteger> again = Jobs.factorial().rerun(failed.id());
   * }</pre>
   *
   * @throws UnknownRunException if there is no such run of this job on this engine
   * @throws UnsupportedOperationException if the engine cannot re-run runs
   */
  public JobRun<R> rerun(String runId) {
    get(runId);
    return new JobRun<>(job, engine, engine.rerun(job.name(), runId));
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
