package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.aws.protocol.InvokerAnswer;
import dev.overtime.aws.protocol.InvokerAnswer.RunView;
import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerRequest;
import dev.overtime.runtime.contract.ExitCode;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunIds;
import dev.overtime.runtime.internal.JsonCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs, describes and cancels runs as ECS tasks, with the bucket as the durable record. The JSON
 * in and out is {@link InvokerRequest} and {@link InvokerAnswer}; every failure becomes an error
 * answer with a code, and a bad request starts nothing.
 *
 * <p>Retries: the invoker is only called, it never runs in the background, so a failed attempt of a
 * job declaring {@code retries} is retried when the run is next described ({@code get}, which
 * {@code await} calls repeatedly): the next attempt gets a new task with {@code OVERTIME_ATTEMPT}
 * incremented.
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
      RunView run = switch (request.action()) {
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
      return InvokerAnswer.error(InvokerErrorCode.AWS_ERROR, "An AWS call of the invoker failed"
          + (e.numAttempts() == null ? "" : " after " + e.numAttempts() + " attempt(s)") + ": " + e.getMessage());
    }
  }

  private RunView run(InvokerRequest request) {
    JobSettings job = config.jobs().get(request.job());
    if (job == null) {
      throw new InvokerProtocolException(InvokerErrorCode.UNKNOWN_JOB, "job '" + request.job()
          + "' is not deployed behind this invoker; deployed jobs: " + config.jobs().keySet());
    }
    long timeoutSeconds = job.timeoutSeconds();
    if (request.timeoutSeconds() != null) {
      if (request.timeoutSeconds() > job.timeoutSeconds()) {
        throw bad("field 'timeoutSeconds' is " + request.timeoutSeconds() + " but job '" + job.name()
            + "' declares at most " + job.timeoutSeconds() + " seconds; pass at most that");
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
      if (!location.bucket().equals(config.bucket()) || !location.key().startsWith(expected)
          || location.key().contains("..")) {
        throw bad("field 'payloadUri' must name an object under s3://" + config.bucket() + "/" + expected
            + " (the task may read only there), was " + request.payloadUri());
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
    StoredRun run = new StoredRun(runId, job.name(), now, timeoutSeconds, payload, payloadUri,
        request.idempotencyKey(), 1, null, deadline, null, null, null, null, null);
    run = run.withTask(tasks.start(job.name(), runId, 1, contract(run)));
    store.save(run);
    return view(run, RunStatus.QUEUED, null, null, null);
  }

  private StoredRun load(InvokerRequest request) {
    if (!RunIds.isWellFormed(request.runId())) {
      throw new InvokerProtocolException(InvokerErrorCode.UNKNOWN_RUN, "'" + request.runId()
          + "' is not a run id of this invoker (26 characters of Crockford base32, as returned by run)");
    }
    StoredRun run = store.load(request.runId()).orElseThrow(() -> new InvokerProtocolException(
        InvokerErrorCode.UNKNOWN_RUN, "no run '" + request.runId() + "' in s3://" + config.bucket() + "/"
        + config.prefix() + "runs/"));
    if (request.job() != null && !request.job().equals(run.job())) {
      throw new InvokerProtocolException(InvokerErrorCode.UNKNOWN_RUN, "run '" + request.runId()
          + "' belongs to job '" + run.job() + "', not '" + request.job() + "'");
    }
    return run;
  }

  private RunView cancel(StoredRun run) {
    RunView current = refresh(run);
    if (current.status().isTerminal()) {
      return current;
    }
    StoredRun cancelling = store.load(run.runId()).orElse(run).withCancelRequestedAt(clock.instant());
    store.save(cancelling);
    tasks.stop(cancelling.taskArn(), "Cancelled through Overtime (run " + run.runId() + ")");
    return current;
  }

  /** The run's status now: from the outcome document if there is one, else from ECS. */
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
    if (outcome.isPresent()) {
      return fromOutcome(run, outcome.get());
    }
    Instant now = clock.instant();
    if (task.isEmpty()) {
      return settle(run, run.cancelRequestedAt() != null ? RunStatus.CANCELLED : RunStatus.LOST,
          run.cancelRequestedAt() != null ? new RunError("overtime.cancelled", "cancelled before it reported an outcome")
              : new RunError("overtime.lost", "ECS no longer knows task " + run.taskArn()
                  + " and it wrote no outcome"));
    }
    TaskState state = task.get();
    if (!state.isStopped()) {
      return view(run, state.isWaitingToRun() ? RunStatus.QUEUED : RunStatus.RUNNING, null, null, null);
    }
    String stopped = "task stopped: " + state.stoppedReason() + " (exit code " + state.exitCode() + ")";
    if (run.cancelRequestedAt() != null) {
      return settle(run, RunStatus.CANCELLED, new RunError("overtime.cancelled", stopped));
    }
    Optional<ExitCode> exit = state.exitCode() == null ? Optional.empty() : ExitCode.of(state.exitCode());
    if (exit.isPresent() && exit.get() != ExitCode.SUCCEEDED) {
      return settle(run, exit.get().status(), new RunError("overtime.no-outcome", stopped));
    }
    if (retriesLeft(run)) {
      return retry(run);
    }
    return settle(run, RunStatus.LOST, new RunError("overtime.lost", "the " + stopped + " without writing an outcome"));
  }

  private RunView fromOutcome(StoredRun run, RunStore.Outcome outcome) {
    JsonNode document = outcome.document();
    RunStatus status = RunStatus.valueOf(document.path("status").asText("FAILED"));
    if (status == RunStatus.FAILED && document.path("retryable").asBoolean(false) && retriesLeft(run)) {
      return retry(run);
    }
    Instant finishedAt = document.hasNonNull("finishedAt") ? Instant.parse(document.get("finishedAt").asText()) : clock.instant();
    JsonNode error = document.get("error");
    RunError runError = error == null || error.isNull() ? null
        : new RunError(error.path("type").asText("error"), error.path("message").asText(""));
    if (status == RunStatus.SUCCEEDED && outcome.sizeBytes() > InvokerAnswer.INLINE_RESULT_LIMIT_BYTES) {
      return view(run, status, finishedAt, null, null, store.outcomeUri(run.runId(), run.attempt()).toString());
    }
    return view(run, status, finishedAt, runError, status == RunStatus.SUCCEEDED ? document.get("result") : null);
  }

  private boolean retriesLeft(StoredRun run) {
    JobSettings job = config.jobs().get(run.job());
    return run.cancelRequestedAt() == null && job != null && run.attempt() <= job.retries();
  }

  private RunView retry(StoredRun run) {
    Instant deadline = clock.instant().plusSeconds(run.timeoutSeconds());
    StoredRun next = run.nextAttempt(null, deadline);
    next = next.withTask(tasks.start(run.job(), run.runId(), next.attempt(), contract(next)));
    store.save(next);
    return view(next, RunStatus.QUEUED, null, null, null);
  }

  private RunView settle(StoredRun run, RunStatus status, RunError error) {
    StoredRun settled = run.settled(status, clock.instant(), error);
    store.save(settled);
    return view(settled, status, settled.settledAt(), error, null);
  }

  private RunView view(StoredRun run, RunStatus status, Instant finishedAt, RunError error, JsonNode result) {
    return view(run, status, finishedAt, error, result, null);
  }

  private static RunView view(StoredRun run, RunStatus status, Instant finishedAt, RunError error, JsonNode result,
      String resultUri) {
    JsonNode resultOrNull = result == null || result.isMissingNode() ? null : result;
    return new RunView(run.runId(), run.job(), status, run.attempt(), run.createdAt(), run.startedAt(), finishedAt,
        resultOrNull, resultUri, error);
  }

  /** The run contract for the container overrides of the run's current attempt. */
  private Map<String, String> contract(StoredRun run) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(RunContract.JOB, run.job());
    env.put(RunContract.RUN_ID, run.runId());
    env.put(RunContract.ATTEMPT, Integer.toString(run.attempt()));
    env.put(RunContract.DEADLINE, run.deadline().toString());
    env.put(RunContract.RESULT_URI, store.outcomeUri(run.runId(), run.attempt()).toString());
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
    return JsonCodec.shared().encodeToBytes(payloadJson).length <= RunContract.INLINE_PAYLOAD_LIMIT_BYTES;
  }

  private static InvokerProtocolException bad(String message) {
    return new InvokerProtocolException(InvokerErrorCode.BAD_REQUEST, message);
  }
}
