package dev.overtime.aws.invoker;

import dev.overtime.aws.protocol.InvokerAnswer;
import dev.overtime.aws.protocol.InvokerAnswer.RunView;
import dev.overtime.aws.protocol.InvokerEnvironment;
import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerRequest;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Began;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.spi.Endings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs, describes and cancels runs as ECS tasks, with the bucket as the durable record. The JSON in
 * and out is {@link InvokerRequest} and {@link InvokerAnswer}; every failure becomes an error
 * answer with a code, and a bad request starts nothing.
 *
 * <p>Retries: the invoker is only called, it never runs in the background, so what follows an
 * attempt ({@link AttemptLifecycle}: a retry, or a start again of an attempt that never reached its
 * handler) happens when the run is next described ({@code get}, which {@code await} calls
 * repeatedly): a retry gets a new task with {@code OVERTIME_ATTEMPT} incremented, a start again a
 * new task of the same attempt.
 */
final class Invoker {
  private final InvokerConfig config;
  private final RunStore store;
  private final TaskRunner tasks;
  private final Clock clock;
  private final RunIds ids = new RunIds();

  Invoker(InvokerConfig config, RunStore store, TaskRunner tasks, Clock clock) {
    this.config = config;
    this.store = store;
    this.tasks = tasks;
    this.clock = clock;
  }

  InvokerAnswer handle(byte[] requestJson) {
    try {
      InvokerRequest request = InvokerRequest.parse(requestJson);
      RunView run =
          switch (request.action()) {
            case RUN -> run(request);
            case GET -> refresh(load(request));
            case CANCEL -> cancel(load(request));
          };
      return InvokerAnswer.of(run);
    } catch (InvokerProtocolException e) {
      return InvokerAnswer.error(e.code(), e.getMessage());
    } catch (TaskStartException e) {
      return InvokerAnswer.error(InvokerErrorCode.START_FAILED, e.getMessage());
    } catch (SdkException e) {
      return InvokerAnswer.error(
          InvokerErrorCode.AWS_ERROR,
          "An AWS call of the invoker failed"
              + (e.numAttempts() == null ? "" : " after " + e.numAttempts() + " attempt(s)")
              + ": "
              + e.getMessage());
    }
  }

  private RunView run(InvokerRequest request) {
    InvokerEnvironment.Job job = config.jobs().get(request.job());
    if (job == null) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_JOB,
          "job '"
              + request.job()
              + "' is not deployed behind this invoker; deployed jobs: "
              + config.jobs().keySet());
    }
    long timeoutSeconds = job.timeoutSeconds();
    if (request.timeoutSeconds() != null) {
      if (request.timeoutSeconds() > job.timeoutSeconds()) {
        throw bad(
            "field 'timeoutSeconds' is "
                + request.timeoutSeconds()
                + " but job '"
                + job.name()
                + "' declares at most "
                + job.timeoutSeconds()
                + " seconds; pass at most that");
      }
      timeoutSeconds = request.timeoutSeconds();
    }
    if (request.payloadUri() != null) {
      S3Location location;
      try {
        location = S3Location.of(URI.create(request.payloadUri()));
      } catch (IllegalArgumentException e) {
        throw bad("field 'payloadUri': " + e.getMessage());
      }
      String expected = config.prefix() + "payloads/";
      if (!location.bucket().equals(config.bucket())
          || !location.key().startsWith(expected)
          || location.key().contains("..")) {
        throw bad(
            "field 'payloadUri' must name an object under s3://"
                + config.bucket()
                + "/"
                + expected
                + " (the task may read only there), was "
                + request.payloadUri());
      }
    }
    Instant now = clock.instant();
    String runId = ids.next(now);
    if (request.idempotencyKey() != null) {
      String owner = store.claimIdempotencyKey(job.name(), request.idempotencyKey(), runId);
      if (!owner.equals(runId)) {
        Optional<StoredRun> existing = store.load(owner);
        if (existing.isPresent()) {
          return refresh(existing.get());
        }
        // The first call claimed the key but ended before its task started: start it now, once
        // (the RunTask client token is the same), under the run id the key already names.
        runId = owner;
      }
    }
    String payload = null;
    String payloadUri = request.payloadUri();
    if (request.payload() != null) {
      String json = JsonCodec.shared().encode(request.payload());
      if (fitsOverrides(json)) {
        payload = json;
      } else {
        payloadUri = store.putPayload(runId, json.getBytes(StandardCharsets.UTF_8)).toString();
      }
    }
    Instant deadline = now.plusSeconds(timeoutSeconds);
    StoredRun run =
        new StoredRun(
            runId,
            job.name(),
            now,
            timeoutSeconds,
            payload,
            payloadUri,
            request.idempotencyKey(),
            1,
            null,
            deadline,
            null,
            null,
            null,
            null,
            null,
            0,
            true);
    run = run.withTask(tasks.start(job.name(), runId, 1, contract(run)));
    store.save(run);
    return view(run, RunStatus.QUEUED, null, null, null);
  }

  private StoredRun load(InvokerRequest request) {
    if (!RunIds.isWellFormed(request.runId())) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN,
          "'"
              + request.runId()
              + "' is not a run id of this invoker (26 characters of Crockford base32, as returned"
              + " by run)");
    }
    StoredRun run =
        store
            .load(request.runId())
            .orElseThrow(
                () ->
                    new InvokerProtocolException(
                        InvokerErrorCode.UNKNOWN_RUN,
                        "no run '"
                            + request.runId()
                            + "' in s3://"
                            + config.bucket()
                            + "/"
                            + config.prefix()
                            + "runs/"));
    if (request.job() != null && !request.job().equals(run.job())) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN,
          "run '"
              + request.runId()
              + "' belongs to job '"
              + run.job()
              + "', not '"
              + request.job()
              + "'");
    }
    return run;
  }

  private RunView cancel(StoredRun run) {
    RunView current = refresh(run);
    if (current.record().status().isTerminal()) {
      return current;
    }
    StoredRun cancelling =
        store.load(run.runId()).orElse(run).withCancelRequestedAt(clock.instant());
    store.save(cancelling);
    tasks.stop(cancelling.taskArn(), "Cancelled through Overtime (run " + run.runId() + ")");
    return current;
  }

  /**
   * The run's status now. ECS, the outcome document and the began document become one attempt fact
   * ({@link InvokerAttempts}), and {@link AttemptLifecycle} decides what follows, as on every
   * engine.
   */
  private RunView refresh(StoredRun run) {
    if (run.settledStatus() != null) {
      return view(run, run.settledStatus(), run.settledAt(), run.settledError(), null);
    }
    // ECS first, then the outcome: the outcome is written before the process exits, so a STOPPED
    // task without an outcome document really has none.
    Optional<TaskState> task = tasks.describe(run.taskArn());
    Optional<RunStore.Outcome> outcome = store.outcome(run.runId(), run.attempt());
    if (run.startedAt() == null && task.isPresent() && task.get().startedAt() != null) {
      run = run.withStartedAt(task.get().startedAt());
      store.save(run);
    }
    boolean ended = task.isEmpty() || task.get().isStopped();
    Began began = outcome.isEmpty() && ended ? store.began(run) : Began.UNKNOWN;
    Optional<AttemptFact> fact =
        InvokerAttempts.fact(
            run, task, outcome.map(RunStore.Outcome::outcome).orElse(null), began, clock.instant());
    if (fact.isEmpty()) {
      return view(
          run,
          task.isEmpty() || task.get().isWaitingToRun() ? RunStatus.QUEUED : RunStatus.RUNNING,
          null,
          null,
          null);
    }
    Verdict verdict =
        AttemptLifecycle.decide(InvokerAttempts.state(run, maxAttempts(run)), fact.get());
    return follow(run, verdict, outcome.orElse(null));
  }

  /** Does what the verdict says: answers the result, saves the ending, or starts the next task. */
  private RunView follow(StoredRun run, Verdict verdict, RunStore.Outcome outcome) {
    switch (verdict.action()) {
      case RETRY -> {
        Instant deadline = clock.instant().plusSeconds(run.timeoutSeconds());
        return startTask(run.nextAttempt(null, deadline));
      }
      case START_AGAIN -> {
        Instant deadline = clock.instant().plusSeconds(run.timeoutSeconds());
        return startTask(run.startedAgain(null, deadline));
      }
      case END -> {}
    }
    RunStatus status = Endings.status(verdict.ending());
    boolean own = outcome != null && outcome.outcome().isOf(run.runId(), run.attempt());
    if (status == RunStatus.SUCCEEDED) {
      // Not saved as settled: the outcome document is the durable record, and holds the result.
      Instant finishedAt = outcome.outcome().finishedAt();
      if (outcome.sizeBytes() > InvokerAnswer.INLINE_RESULT_LIMIT_BYTES) {
        return view(
            run,
            status,
            finishedAt,
            null,
            null,
            store.outcomeUri(run.runId(), run.attempt()).toString());
      }
      return view(run, status, finishedAt, null, verdict.resultJson());
    }
    return settle(
        run,
        status,
        Endings.error(verdict.error()),
        own ? outcome.outcome().finishedAt() : clock.instant());
  }

  /**
   * Starts the task of {@code next} (a retry or a start again) and saves it. A start ECS refuses at
   * once is a failed start too, decided by the lifecycle, so refusals end the run at the start
   * limit.
   */
  private RunView startTask(StoredRun next) {
    StoredRun starting = next;
    while (true) {
      try {
        StoredRun started =
            starting.withTask(
                tasks.start(
                    starting.job(),
                    starting.runId(),
                    starting.attempt(),
                    starting.failedStarts(),
                    contract(starting)));
        store.save(started);
        return view(started, RunStatus.QUEUED, null, null, null);
      } catch (TaskStartException e) {
        Verdict verdict =
            AttemptLifecycle.decide(
                InvokerAttempts.state(starting, maxAttempts(starting)),
                new AttemptFact.NeverStarted(e.getMessage()));
        if (verdict.action() != Verdict.Action.START_AGAIN) {
          return settle(
              starting,
              Endings.status(verdict.ending()),
              Endings.error(verdict.error()),
              clock.instant());
        }
        starting = starting.startedAgain(null, starting.deadline());
      }
    }
  }

  /**
   * The job's retries plus one; a job no longer deployed behind this invoker gets no more attempts.
   */
  private int maxAttempts(StoredRun run) {
    InvokerEnvironment.Job job = config.jobs().get(run.job());
    return job == null ? run.attempt() : job.retries() + 1;
  }

  private RunView settle(StoredRun run, RunStatus status, RunError error, Instant finishedAt) {
    StoredRun settled = run.settled(status, finishedAt, error);
    store.save(settled);
    return view(settled, status, settled.settledAt(), error, null);
  }

  private RunView view(
      StoredRun run, RunStatus status, Instant finishedAt, RunError error, String resultJson) {
    return view(run, status, finishedAt, error, resultJson, null);
  }

  private static RunView view(
      StoredRun run,
      RunStatus status,
      Instant finishedAt,
      RunError error,
      String resultJson,
      String resultUri) {
    return new RunView(
        new RunRecord(
            run.runId(),
            run.job(),
            status,
            run.attempt(),
            run.createdAt(),
            run.startedAt(),
            finishedAt,
            resultJson,
            error),
        resultUri);
  }

  /** The run contract for the container overrides of the run's current attempt. */
  private Map<String, String> contract(StoredRun run) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(RunContract.JOB, run.job());
    env.put(RunContract.RUN_ID, run.runId());
    env.put(RunContract.ATTEMPT, Integer.toString(run.attempt()));
    env.put(RunContract.DEADLINE, run.deadline().toString());
    env.put(RunContract.RESULT_URI, store.outcomeUri(run.runId(), run.attempt()).toString());
    env.put(RunContract.BEGAN_URI, store.beganUri(run.runId(), run.attempt()).toString());
    if (run.payload() != null) {
      env.put(RunContract.PAYLOAD, run.payload());
    } else {
      env.put(RunContract.PAYLOAD_URI, run.payloadUri());
    }
    return env;
  }

  /**
   * Whether the payload may travel in the container overrides: ECS allows 8 KiB of overrides in
   * all, as JSON, so the escaped size counts, and the rest of the contract needs about 400 bytes.
   */
  static boolean fitsOverrides(String payloadJson) {
    return JsonCodec.shared().encodeToBytes(payloadJson).length
        <= RunContract.INLINE_PAYLOAD_LIMIT_BYTES;
  }

  private static InvokerProtocolException bad(String message) {
    return new InvokerProtocolException(InvokerErrorCode.BAD_REQUEST, message);
  }
}
