package dev.overtime.runtime.inline;

import dev.overtime.NonRetryableException;
import dev.overtime.contract.AttemptError;
import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Began;
import dev.overtime.contract.Ending;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.RunState;
import dev.overtime.contract.StopRequest;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobJson;
import dev.overtime.runtime.spi.Endings;
import dev.overtime.runtime.spi.Progress;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs each job in the calling thread, for users' unit tests: {@code run(...)} returns when the run
 * has ended. The payload goes through the same strict JSON encode and decode as on every other
 * engine, and so does the result, so a test proves both round-trip. Retries happen at once (no
 * backoff); the timeout is only reported through {@code context.deadline()}; nothing is persisted.
 *
 * <pre>{@code
 * Engine engine = new InlineEngine();
 * BigInteger value = Jobs.factorial(engine).run(new FactorialPayload(5)).result();
 * }</pre>
 */
public final class InlineEngine implements Engine {
  /** The provider name, for {@code OVERTIME_ENGINE}. */
  public static final String NAME = "inline";

  private final JobCatalog catalog;
  private final PrintStream console;
  private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
  private final Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();
  private final RunIds ids = new RunIds();

  /**
   * Finds jobs through the registries visible to this class's class loader; logs to {@code
   * System.out}.
   */
  public InlineEngine() {
    this(JobCatalog.load(InlineEngine.class.getClassLoader()), System.out);
  }

  /**
   * Runs the jobs of {@code catalog}; {@code context.log} lines go to {@code console} (null:
   * nowhere).
   */
  InlineEngine(JobCatalog catalog, PrintStream console) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.console = console;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunRecord submit(SubmitRequest request) {
    request.refuseWaiting(name());
    JobDescriptor<?, ?> job = request.job();
    JobBinding<?, ?> binding =
        catalog
            .find(job.name())
            .orElseThrow(
                () ->
                    new OvertimeException(
                        "Job '"
                            + job.name()
                            + "' is not in any job registry on the class path (jobs found: "
                            + catalog.names()
                            + "). Compile its handler "
                            + job.handlerClass()
                            + " with overtime-processor, which generates the registry."));
    Optional<String> key = request.options().idempotencyKey();
    if (key.isPresent()) {
      String existing = idempotencyKeys.get(job.name() + '\u0000' + key.get());
      if (existing != null) {
        return runs.get(existing);
      }
    }
    String runId = ids.next();
    RunRecord record =
        execute(binding, runId, request.payloadJson(), request.timeout(), Instant.now());
    runs.put(runId, record);
    key.ifPresent(k -> idempotencyKeys.putIfAbsent(job.name() + '\u0000' + k, runId));
    return record;
  }

  private <P, R> RunRecord execute(
      JobBinding<P, R> binding,
      String runId,
      String payloadJson,
      Duration timeout,
      Instant createdAt) {
    JobDescriptor<P, R> job = binding.descriptor();
    P payload;
    try {
      payload = JobJson.decode(payloadJson, job.payloadJobType());
    } catch (InvalidPayloadException e) {
      return ended(
          runId,
          job,
          1,
          createdAt,
          createdAt,
          RunStatus.FAILED,
          null,
          new RunError(ErrorCode.INVALID_PAYLOAD.id(), e.getMessage()));
    }
    int attempts = job.retries() + 1;
    AtomicReference<RunProgress> progress = new AtomicReference<>();
    for (int attempt = 1; ; attempt++) {
      Instant startedAt = Instant.now();
      RunOutcome outcome =
          attempt(binding, payload, runId, attempt, startedAt.plus(timeout), progress);
      int exitCode =
          outcome.status() == Ending.SUCCEEDED
              ? ExitCode.SUCCEEDED.code()
              : outcome.retryable() ? ExitCode.FAILED.code() : ExitCode.FAILED_NO_RETRY.code();
      // The same rule as every engine: the handler began, here, in this thread.
      Verdict verdict =
          AttemptLifecycle.decide(
              new RunState(runId, attempt, attempts, 0, StopRequest.NONE),
              new AttemptFact.Exited(exitCode, outcome, Began.YES));
      if (verdict.action() != Verdict.Action.END) {
        continue;
      }
      return Progress.attach(
          ended(
              runId,
              job,
              attempt,
              createdAt,
              startedAt,
              Endings.status(verdict.ending()),
              verdict.resultJson(),
              Endings.error(verdict.error())),
          progress.get());
    }
  }

  /** One attempt in this thread, reported as the bootstrap reports one in its own process. */
  private <P, R> RunOutcome attempt(
      JobBinding<P, R> binding,
      P payload,
      String runId,
      int attempt,
      Instant deadline,
      AtomicReference<RunProgress> progress) {
    String job = binding.descriptor().name();
    R result;
    try {
      result =
          binding
              .newHandler()
              .run(payload, new InlineJobContext(runId, job, attempt, deadline, console, progress));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      boolean retryable =
          !(e instanceof NonRetryableException || e instanceof InterruptedException);
      return new RunOutcome(
          runId,
          job,
          attempt,
          Ending.FAILED,
          null,
          new AttemptError(e.getClass().getName(), e.getMessage()),
          retryable,
          Instant.now());
    }
    try {
      return new RunOutcome(
          runId,
          job,
          attempt,
          Ending.SUCCEEDED,
          JobJson.encode(binding.descriptor().resultType(), result),
          null,
          false,
          Instant.now());
    } catch (RuntimeException e) {
      return new RunOutcome(
          runId,
          job,
          attempt,
          Ending.FAILED,
          null,
          ErrorCode.RESULT_NOT_ENCODABLE.error(
              "The result of job '" + job + "' cannot be encoded as JSON: " + e.getMessage()),
          false,
          Instant.now());
    }
  }

  private static RunRecord ended(
      String runId,
      JobDescriptor<?, ?> job,
      int attempt,
      Instant createdAt,
      Instant startedAt,
      RunStatus status,
      String resultJson,
      RunError error) {
    return new RunRecord(
        runId, job.name(), status, attempt, createdAt, startedAt, Instant.now(), resultJson, error);
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** Inline runs have always ended: returns the run as it is. */
  @Override
  public RunRecord cancel(String job, String runId) {
    return find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
  }

  @Override
  public void close() {
    runs.clear();
    idempotencyKeys.clear();
  }
}
