package dev.overtime.runtime.inline;

import dev.overtime.Job;
import dev.overtime.NonRetryableException;
import dev.overtime.contract.ErrorCode;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
    String runId = "inline-" + UUID.randomUUID();
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
      payload = JsonCodec.shared().decode(payloadJson, job.payloadType());
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
    for (int attempt = 1; ; attempt++) {
      Instant startedAt = Instant.now();
      Job<P, R> handler = binding.newHandler();
      try {
        R result =
            handler.run(
                payload,
                new InlineJobContext(runId, job.name(), attempt, startedAt.plus(timeout), console));
        String resultJson = JsonCodec.shared().encode(result);
        return ended(
            runId, job, attempt, createdAt, startedAt, RunStatus.SUCCEEDED, resultJson, null);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (attempt >= attempts
            || e instanceof NonRetryableException
            || e instanceof InterruptedException) {
          return ended(
              runId,
              job,
              attempt,
              createdAt,
              startedAt,
              RunStatus.FAILED,
              null,
              new RunError(e.getClass().getName(), e.getMessage()));
        }
      }
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
