package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.aws.invoker.RunStore.ConcurrentRunChange;
import dev.overtime.aws.invoker.RunStore.Versioned;
import dev.overtime.aws.protocol.InvokerAction;
import dev.overtime.aws.protocol.InvokerAnswer;
import dev.overtime.aws.protocol.InvokerAnswer.RunView;
import dev.overtime.aws.protocol.InvokerEnvironment;
import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerEvent;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerRequest;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Began;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.ScheduledFire;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.spi.Endings;
import dev.overtime.runtime.spi.Progress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs, describes and cancels runs as ECS tasks, with the bucket as the durable record, and
 * supervises them from events when nobody reads them. The JSON in and out is {@link InvokerRequest}
 * and {@link InvokerAnswer}, or an {@link InvokerEvent}; every failure of a request becomes an
 * error answer with a code, and a bad request starts nothing.
 *
 * <p>Every change of a run is a compare-and-swap of its record ({@link RunStore#update}): read,
 * decide through {@link AttemptLifecycle}, write if nobody wrote meanwhile, else read again and
 * decide again. An attempt's start is decided and written first (a pending start, with its
 * deadline), then {@code RunTask} is called with parameters derived from that record alone, so
 * whoever completes a pending start (a crash's next reader, a second concurrent {@code get}, a
 * duplicate event) sends identical parameters and the same client token, and ECS answers the same
 * task.
 *
 * <p>What follows an attempt happens when anyone looks at the run: a client's {@code get}, the "ECS
 * Task State Change" event of its task, a resume schedule when a retry's backoff ends, or the
 * periodic sweep.
 */
final class Invoker {
  /** How many times a decision is made again after losing a compare-and-swap race. */
  static final int DECISION_ATTEMPTS = 10;

  /**
   * A pending start older than this is not replayed: ECS keeps a RunTask client token for at most
   * 24 hours (ECS API reference, "Ensuring idempotency":
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html), after which
   * the same token would start a second task. Such an attempt counts as vanished instead.
   */
  static final Duration CLIENT_TOKEN_REPLAY_WINDOW = Duration.ofHours(12);

  /** The first retry's backoff; it doubles per attempt up to {@link #MAX_RETRY_DELAY}. */
  static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(10);

  static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

  /** Runs one sweep looks at, so its work per invocation stays bounded. */
  static final int SWEEP_LIMIT = 25;

  /**
   * How far ahead of this invoker's clock a fire's scheduled time may be. EventBridge Scheduler
   * delivers a fire at its time or later (retries, within an hour), never before; a fire for a
   * later time is not the scheduler's, and would take the key of a fire yet to come.
   */
  static final Duration FIRE_CLOCK_SKEW = Duration.ofMinutes(5);

  /** A mark of a run without a record is left this long: its record may be being created. */
  static final Duration ORPHAN_MARK_AGE = Duration.ofMinutes(10);

  private final InvokerConfig config;
  private final RunStore store;
  private final TaskRunner tasks;
  private final Resumptions resumptions;
  private final Clock clock;
  private final Duration retryBase;
  private final RunIds ids = new RunIds();
  private final JobSlots slots;

  /**
   * Whether this thread is starting queued runs already: a start made from there that frees a slot
   * again leaves the next ones to the loop under way (or the sweep), so releases never nest.
   */
  private static final ThreadLocal<Boolean> STARTING_QUEUED =
      ThreadLocal.withInitial(() -> Boolean.FALSE);

  Invoker(InvokerConfig config, RunStore store, TaskRunner tasks, Clock clock) {
    this(config, store, tasks, null, clock, DEFAULT_RETRY_BASE);
  }

  /**
   * @param resumptions schedules that wake the invoker when a backoff ends, or null (the next read
   *     or sweep after the backoff starts the attempt)
   * @param retryBase the first retry's backoff
   */
  Invoker(
      InvokerConfig config,
      RunStore store,
      TaskRunner tasks,
      Resumptions resumptions,
      Clock clock,
      Duration retryBase) {
    this.config = config;
    this.store = store;
    this.tasks = tasks;
    this.resumptions = resumptions;
    this.clock = clock;
    this.retryBase = retryBase;
    this.slots = new JobSlots(store, config);
  }

  /**
   * What one invocation sees besides the run records.
   *
   * @param functionArn the invoker's own ARN (the target of resume schedules), or null
   * @param stopped a STOPPED task from an event, used instead of DescribeTasks for that task, or
   *     null
   */
  record Call(String functionArn, InvokerEvent.TaskStateChange stopped) {
    static Call of(String functionArn) {
      return new Call(functionArn, null);
    }
  }

  InvokerAnswer handle(byte[] requestJson) {
    return handle(requestJson, Call.of(null));
  }

  /** One client request; the answer is a run or an error. */
  InvokerAnswer handle(byte[] requestJson, Call call) {
    try {
      InvokerRequest request = InvokerRequest.parse(requestJson);
      if (request.action() == InvokerAction.BATCH) {
        return InvokerAnswer.ofAll(batch(request, call));
      }
      RunView run =
          switch (request.action()) {
            case RUN -> run(request, call);
            case GET -> withProgress(advance(load(request).run().runId(), null, call));
            case CANCEL -> cancel(load(request), call);
            case RERUN -> rerun(load(request), request, call);
            case RESCHEDULE -> reschedule(load(request), request.startAt(), call);
            case BATCH -> throw new IllegalStateException("a batch is answered above");
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

  /**
   * One event. AWS errors are thrown, so that Lambda retries the asynchronous invocation; an event
   * about nothing this invoker knows is answered and dropped.
   *
   * @return what was done, as JSON, for the function's log
   */
  byte[] handle(InvokerEvent event, String functionArn) {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    if (event instanceof InvokerEvent.TaskStateChange change) {
      answer.put("event", "task-state-change").put("taskArn", change.taskArn());
      if (!change.inCluster(config.cluster())) {
        return ignored(answer, "the task is not in cluster " + config.cluster());
      }
      if (!"STOPPED".equals(change.lastStatus())) {
        // Only a stopped task ends an attempt; the rule sends no other, but a reader may.
        return ignored(answer, "the task is " + change.lastStatus() + ", not STOPPED");
      }
      if (!RunIds.isWellFormed(change.startedBy())) {
        return ignored(answer, "the task was not started by this invoker");
      }
      Optional<Versioned> current = store.loadVersioned(change.startedBy());
      if (current.isEmpty()) {
        return ignored(answer, "no run " + change.startedBy());
      }
      RunView view = advance(change.startedBy(), current.get(), new Call(functionArn, change));
      answer.put("runId", view.record().id()).put("status", view.record().status().name());
    } else if (event instanceof InvokerEvent.Resume resume) {
      answer.put("event", "resume").put("runId", resume.runId());
      if (!RunIds.isWellFormed(resume.runId())) {
        return ignored(answer, "not a run id");
      }
      Optional<Versioned> current = store.loadVersioned(resume.runId());
      if (current.isEmpty()) {
        return ignored(answer, "no run " + resume.runId());
      }
      RunView view = advance(resume.runId(), current.get(), Call.of(functionArn));
      answer.put("status", view.record().status().name());
    } else if (event instanceof InvokerEvent.Fire fire) {
      return fire(fire, functionArn);
    } else {
      answer.put("event", "sweep").put("looked-at", sweep(functionArn));
    }
    return JsonCodec.shared().encodeToBytes(answer);
  }

  /**
   * A fire of one of the stack's schedules: the run a {@code run} request with the fire's
   * idempotency key would start ({@link ScheduledFire#idempotencyKey()}), so a fire delivered twice
   * (the scheduler's retry, Lambda's, two schedules of one expression on a day both match) is one
   * run. A fire the invoker cannot start (its job is not deployed behind it, or its time has not
   * come) is answered and logged, not retried; an AWS failure is thrown, so Lambda retries the
   * invocation.
   */
  private byte[] fire(InvokerEvent.Fire event, String functionArn) {
    ScheduledFire fire = event.fire();
    InvokerRequest request =
        InvokerRequest.runInline(fire.job(), event.payload(), null, fire.idempotencyKey());
    RunView view;
    try {
      if (fire.fireTime().isAfter(clock.instant().plus(FIRE_CLOCK_SKEW))) {
        throw bad(
            "its scheduledTime "
                + fire.fireTime()
                + " has not come (the invoker's clock says "
                + clock.instant()
                + "); EventBridge Scheduler delivers a fire at or after its time, never before");
      }
      view = run(request, Call.of(functionArn));
    } catch (InvokerProtocolException e) {
      String message =
          "the fire of schedule " + fire.schedule() + " started nothing: " + e.getMessage();
      System.err.println("[overtime] invoker: " + message);
      return InvokerAnswer.error(e.code(), message).toJsonBytes();
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer
        .put("event", "fire")
        .put("schedule", fire.schedule())
        .put("scheduledFor", fire.fireTime().toString())
        .put("runId", view.record().id())
        .put("status", view.record().status().name());
    return JsonCodec.shared().encodeToBytes(answer);
  }

  private static byte[] ignored(ObjectNode answer, String why) {
    return JsonCodec.shared().encodeToBytes(answer.put("ignored", why));
  }

  /**
   * Looks at up to {@link #SWEEP_LIMIT} runs that have not settled, after where the last sweep
   * stopped: a task that vanished without an event, a retry whose schedule was lost, or an attempt
   * stuck in a pending start are all decided here.
   *
   * @return how many runs were looked at
   */
  private int sweep(String functionArn) {
    String cursor = store.sweepCursor().filter(c -> !c.isEmpty()).orElse(null);
    List<RunStore.ActiveRun> page = store.activeRuns(cursor, SWEEP_LIMIT);
    if (page.isEmpty() && cursor != null) {
      page = store.activeRuns(null, SWEEP_LIMIT);
    }
    for (RunStore.ActiveRun active : page) {
      try {
        Optional<Versioned> current = store.loadVersioned(active.runId());
        if (current.isEmpty()) {
          if (active.markedAt().plus(ORPHAN_MARK_AGE).isBefore(clock.instant())) {
            store.unmarkActive(active.runId());
          }
          continue;
        }
        RunView view = advance(active.runId(), current.get(), Call.of(functionArn));
        if (view.record().status().isTerminal()) {
          store.unmarkActive(active.runId());
        }
      } catch (RuntimeException e) {
        // One run's trouble does not stop the sweep; the next sweep looks at it again.
        System.err.println(
            "[overtime] invoker: sweep could not decide run " + active.runId() + ": " + e);
      }
    }
    store.sweepCursor(page.size() < SWEEP_LIMIT ? "" : page.get(page.size() - 1).runId());
    startQueuedOfLimitedJobs(functionArn);
    return page.size();
  }

  /**
   * A batch: every item is checked before any is recorded, so a bad item (an unknown job, a timeout
   * too long, a payload URI outside the bucket) starts nothing and the error names it. Then each
   * item is run as a {@code run} request, in order, each with its idempotency key (two items with
   * one key are one run). An AWS failure part-way leaves the items before it recorded and started;
   * a retry of the same batch (the engine's keys are stable per call) finds them.
   */
  private List<RunView> batch(InvokerRequest request, Call call) {
    List<InvokerRequest> items = request.items();
    for (int i = 0; i < items.size(); i++) {
      try {
        check(items.get(i));
      } catch (InvokerProtocolException e) {
        throw new InvokerProtocolException(
            e.code(), "items[" + i + "]: " + e.getMessage() + "; nothing of the batch was started");
      }
    }
    List<RunView> runs = new ArrayList<>(items.size());
    for (InvokerRequest item : items) {
      runs.add(run(item, call));
    }
    return runs;
  }

  /** The checks of a run request that need the configuration; the timeout it gets. */
  private long check(InvokerRequest request) {
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
    return timeoutSeconds;
  }

  private RunView run(InvokerRequest request, Call call) {
    long timeoutSeconds = check(request);
    InvokerEnvironment.Job job = config.jobs().get(request.job());
    Instant now = clock.instant();
    String runId = ids.next(now);
    if (request.idempotencyKey() != null) {
      String owner = store.claimIdempotencyKey(job.name(), request.idempotencyKey(), runId);
      if (!owner.equals(runId)) {
        Optional<Versioned> existing = store.loadVersioned(owner);
        if (existing.isPresent()) {
          return advance(owner, existing.get(), call);
        }
        // The first call claimed the key but has not created the record (it ended, or is about
        // to): create it under the run id the key names. One of the two creations wins, and
        // both then start the task from the record that won.
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
    Instant startAt = request.startAt();
    Instant expiresAt =
        request.timeToLiveMillis() == null
            ? null
            : (startAt != null && startAt.isAfter(now) ? startAt : now)
                .plusMillis(request.timeToLiveMillis());
    StoredRun created =
        StoredRun.created(
            runId,
            job.name(),
            now,
            timeoutSeconds,
            payload,
            payloadUri,
            request.idempotencyKey(),
            request.tags(),
            startAt,
            expiresAt);
    if (request.priority() != null) {
      created = created.withControl(RunControl.of(request.priority(), null));
    }
    store.markActive(runId);
    Versioned first;
    try {
      first = store.create(created);
    } catch (ConcurrentRunChange e) {
      first = writtenAlready(runId);
    }
    if (first.run().delayedAt(now)) {
      scheduleStart(first.run(), call);
    }
    return advance(runId, first, call);
  }

  /**
   * Wakes the invoker at a delayed run's start time, with the same one-time schedule a retry's
   * backoff uses. Only a wake-up: a fire that comes twice, late, or after a cancel finds the record
   * moved on and does nothing, and the sweep starts a run whose schedule was lost.
   */
  private void scheduleStart(StoredRun run, Call call) {
    if (resumptions == null || call.functionArn() == null) {
      return;
    }
    try {
      resumptions.schedule(run, call.functionArn());
    } catch (SdkException e) {
      System.err.println(
          "[overtime] invoker: could not schedule the start of delayed run "
              + run.runId()
              + " (the sweep will start it): "
              + e.getMessage());
    }
  }

  /** Settles a run whose time to live ended before any start of it was committed. */
  private RunView expire(Versioned current, Instant now) {
    StoredRun run = current.run();
    Versioned settled =
        store.update(
            current,
            run.settled(
                RunStatus.EXPIRED,
                now,
                new RunError(
                    ErrorCode.EXPIRED.id(),
                    "Not started within its time to live (expired at "
                        + run.expiresAt()
                        + "); it never ran")));
    try {
      store.unmarkActive(run.runId());
    } catch (SdkException e) {
      // The sweep removes the mark of a settled run it finds.
    }
    // A queued run expires in its place; no schedule is made for the runs started here.
    releaseSlot(settled.run(), Call.of(null));
    return view(
        settled.run(),
        RunStatus.EXPIRED,
        settled.run().settledAt(),
        settled.run().settledError(),
        null);
  }

  private Versioned load(InvokerRequest request) {
    if (!RunIds.isWellFormed(request.runId())) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN,
          "'"
              + request.runId()
              + "' is not a run id of this invoker (26 characters of Crockford base32, as returned"
              + " by run)");
    }
    Versioned run =
        store.loadVersioned(request.runId()).orElseThrow(() -> unknown(request.runId()));
    if (request.job() != null && !request.job().equals(run.run().job())) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN,
          "run '"
              + request.runId()
              + "' belongs to job '"
              + run.run().job()
              + "', not '"
              + request.job()
              + "'");
    }
    return run;
  }

  private InvokerProtocolException unknown(String runId) {
    return new InvokerProtocolException(
        InvokerErrorCode.UNKNOWN_RUN,
        "no run '" + runId + "' in s3://" + config.bucket() + "/" + config.prefix() + "runs/");
  }

  /**
   * Records the cancel (compare-and-swap, so no concurrent decision overwrites it or starts an
   * attempt past it), then stops the current task. A pending start is completed and stopped by
   * {@link #pending}: whoever records a task of a cancelled run stops it.
   */
  private RunView cancel(Versioned read, Call call) {
    Versioned current = read;
    for (int attempt = 1; ; attempt++) {
      StoredRun run = current.run();
      if (run.settledStatus() != null || run.cancelRequestedAt() != null) {
        break;
      }
      try {
        current = store.update(current, run.withCancelRequestedAt(clock.instant()));
        break;
      } catch (ConcurrentRunChange e) {
        current = reread(run.runId(), attempt);
      }
    }
    StoredRun run = current.run();
    if (run.settledStatus() == null && run.taskArn() != null) {
      tasks.stop(run.taskArn(), "Cancelled through Overtime (run " + run.runId() + ")");
    }
    return advance(run.runId(), current, call);
  }

  /**
   * Moves the start of a delayed run that has not started: its record first (compare-and-swap, so
   * it never moves a run whose start was committed, see {@link #pending}), then its one-time
   * schedule. A time that has come starts the run now. Every other run is refused, naming its
   * state.
   */
  private RunView reschedule(Versioned read, Instant startAt, Call call) {
    Versioned current = read;
    Instant now = clock.instant();
    for (int attempt = 1; ; attempt++) {
      StoredRun run = current.run();
      if (!run.reschedulable()) {
        throw notReschedulable(run);
      }
      try {
        current = store.update(current, run.rescheduledTo(startAt, now));
        break;
      } catch (ConcurrentRunChange e) {
        current = reread(run.runId(), attempt);
      }
    }
    StoredRun run = current.run();
    if (resumptions != null && call.functionArn() != null) {
      try {
        if (run.delayedAt(now)) {
          resumptions.reschedule(run, call.functionArn());
        } else {
          resumptions.forget(run);
        }
      } catch (SdkException e) {
        // The record holds the new time; without its schedule the sweep starts it once it is due.
        System.err.println(
            "[overtime] invoker: could not move the schedule of run "
                + run.runId()
                + " (the sweep will start it): "
                + e.getMessage());
      }
    }
    return advance(run.runId(), current, call);
  }

  private InvokerProtocolException notReschedulable(StoredRun run) {
    String state;
    if (run.settledStatus() != null) {
      state = "it ended " + run.settledStatus();
    } else if (run.cancelRequestedAt() != null) {
      state = "it is being cancelled";
    } else if (run.startAt() == null) {
      state = "it was not delayed (no startAt) and its task was requested when it was submitted";
    } else {
      state = "it has started (its task was requested)";
    }
    return new InvokerProtocolException(
        InvokerErrorCode.NOT_RESCHEDULABLE,
        "Run "
            + run.runId()
            + " of job '"
            + run.job()
            + "' cannot be rescheduled: "
            + state
            + "; only a delayed run that has not started (DELAYED, or QUEUED and never started)"
            + " can be. Start a new run instead.");
  }

  private Versioned reread(String runId, int attempt) {
    if (attempt >= DECISION_ATTEMPTS) {
      throw new InvokerProtocolException(
          InvokerErrorCode.AWS_ERROR,
          "the record of run "
              + runId
              + " changed under each of "
              + attempt
              + " decisions; try again");
    }
    return store.loadVersioned(runId).orElseThrow(() -> unknown(runId));
  }

  /**
   * The run's status now, after doing what its state asks for: settling the attempt, scheduling a
   * retry, or completing a pending start. A lost compare-and-swap reads the record again and
   * decides again.
   *
   * @param read the record as just read, or null to read it
   */
  private RunView advance(String runId, Versioned read, Call call) {
    Versioned current = read != null ? read : reread(runId, 0);
    for (int attempt = 1; ; attempt++) {
      try {
        return step(current, call);
      } catch (ConcurrentRunChange e) {
        current = reread(runId, attempt);
      }
    }
  }

  /**
   * One decision on the record as read. ECS, the outcome document and the began document become one
   * attempt fact ({@link InvokerAttempts}), and {@link AttemptLifecycle} decides what follows, as
   * on every engine.
   */
  private RunView step(Versioned current, Call call) {
    StoredRun run = current.run();
    if (run.settledStatus() != null) {
      return settledView(run);
    }
    if (run.startPending()) {
      return pending(current, call);
    }
    // ECS first, then the outcome: the outcome is written before the process exits, so a STOPPED
    // task without an outcome document really has none.
    Optional<TaskState> task =
        call.stopped() != null && call.stopped().taskArn().equals(run.taskArn())
            ? Optional.of(fromEvent(call.stopped()))
            : tasks.describe(run.taskArn());
    Optional<RunStore.Outcome> outcome = store.outcome(run.runId(), run.attempt());
    if (run.startedAt() == null && task.isPresent() && task.get().startedAt() != null) {
      current = store.update(current, run.withStartedAt(task.get().startedAt()));
      run = current.run();
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
    return follow(current, verdict, outcome.orElse(null), call);
  }

  /** A stopped task as its event tells it; STOPPED is final, so the event can be believed. */
  private TaskState fromEvent(InvokerEvent.TaskStateChange change) {
    return new TaskState(
        change.lastStatus(),
        change.exitCodes().get(config.containerName()),
        change.stoppedReason(),
        change.stopCode(),
        change.startedAt(),
        change.stoppedAt());
  }

  /**
   * A pending start: wait for its backoff, or call {@code RunTask} with the parameters the record
   * fixed and record the task. Losing the race to record it re-reads; the next decision replays the
   * same {@code RunTask}, which ECS answers with the same task.
   */
  private RunView pending(Versioned current, Call call) {
    StoredRun run = current.run();
    Instant now = clock.instant();
    if (run.cancelRequestedAt() == null && run.expiredAt(now)) {
      // Checked before every start: a late fire, a sweep or a read after the expiry never starts.
      return expire(current, now);
    }
    boolean due = run.startAfter() == null || !now.isBefore(run.startAfter());
    if (!due && run.cancelRequestedAt() == null) {
      return view(run, run.delayedAt(now) ? RunStatus.DELAYED : RunStatus.QUEUED, null, null, null);
    }
    if (due
        && slots.limit(run.job()) > 0
        && !run.control().admits(run.attempt(), run.failedStarts())) {
      // The job has a concurrency limit: this start needs a slot before any RunTask (JobSlots).
      Optional<RunView> waiting = waitForSlot(current, call);
      if (waiting.isPresent()) {
        return waiting.get();
      }
      current = store.update(current, run.withStartAdmitted(now));
      run = current.run();
      store.dequeue(run);
    }
    if ((run.expiresAt() != null || run.startAt() != null)
        && run.neverStarted()
        && run.cancelRequestedAt() == null) {
      // From here a task may exist, so the run must never be expired or rescheduled: commit the
      // start first.
      current = store.update(current, run.withStartCommitted());
      run = current.run();
    }
    if (!due) {
      // Cancelled during its backoff: no RunTask can have been sent for this start yet.
      return follow(
          current,
          AttemptLifecycle.decide(
              InvokerAttempts.state(run, maxAttempts(run)),
              new AttemptFact.NeverStarted("cancelled while waiting to start")),
          null,
          call);
    }
    if (now.isAfter(run.dueAt().plus(CLIENT_TOKEN_REPLAY_WINDOW))) {
      // Its client token may have expired: a replay could start a second task.
      Optional<RunStore.Outcome> outcome = store.outcome(run.runId(), run.attempt());
      return follow(
          current,
          AttemptLifecycle.decide(
              InvokerAttempts.state(run, maxAttempts(run)),
              new AttemptFact.Vanished(
                  outcome.map(RunStore.Outcome::outcome).orElse(null), store.began(run))),
          outcome.orElse(null),
          call);
    }
    String arn;
    try {
      arn = tasks.start(run.job(), run.runId(), run.attempt(), run.failedStarts(), contract(run));
    } catch (TaskStartException e) {
      // A start ECS refuses at once is a failed start too, decided by the lifecycle, so refusals
      // end the run at the start limit.
      return follow(
          current,
          AttemptLifecycle.decide(
              InvokerAttempts.state(run, maxAttempts(run)),
              new AttemptFact.NeverStarted(e.getMessage())),
          null,
          call);
    }
    noteTask(run, arn);
    Versioned started = store.update(current, run.withTask(arn, now));
    if (run.cancelRequestedAt() != null) {
      tasks.stop(arn, "Cancelled through Overtime (run " + run.runId() + ")");
    }
    return view(started.run(), RunStatus.QUEUED, null, null, null);
  }

  /**
   * Notes the attempt's task for its log stream; without the note only the current one is known.
   */
  private void noteTask(StoredRun run, String arn) {
    try {
      store.markTask(run.runId(), run.attempt(), arn);
    } catch (SdkException e) {
      System.err.println(
          "[overtime] invoker: could not note task " + arn + " of run " + run.runId() + ": " + e);
    }
  }

  /** Does what the verdict says: settles the run, or records the next start and makes it. */
  private RunView follow(Versioned current, Verdict verdict, RunStore.Outcome outcome, Call call) {
    StoredRun run = current.run();
    switch (verdict.action()) {
      case RETRY -> {
        Instant due = clock.instant().plus(backoff(run.attempt()));
        Versioned next =
            store.update(
                current,
                run.withAttemptEnded(
                        attemptEnd(run, outcome), Endings.status(verdict.ending()), clock.instant())
                    .nextAttempt(due));
        if (!due.isAfter(clock.instant())) {
          return pending(next, call);
        }
        // Waiting for its backoff, it runs no task: its slot goes to the next queued run.
        releaseSlot(next.run(), call);
        if (resumptions != null && call.functionArn() != null) {
          try {
            resumptions.schedule(next.run(), call.functionArn());
          } catch (SdkException e) {
            // The retry is recorded; without its schedule the sweep starts it once it is due.
            System.err.println(
                "[overtime] invoker: could not schedule the resumption of run "
                    + run.runId()
                    + " (the sweep will start it): "
                    + e.getMessage());
          }
        }
        return view(next.run(), RunStatus.QUEUED, null, null, null);
      }
      case START_AGAIN -> {
        return pending(store.update(current, run.startedAgain(clock.instant())), call);
      }
      case END -> {}
    }
    RunStatus status = Endings.status(verdict.ending());
    boolean own = outcome != null && outcome.outcome().isOf(run.runId(), run.attempt());
    Instant finishedAt = own ? outcome.outcome().finishedAt() : clock.instant();
    Versioned settled =
        store.update(
            current,
            run.withAttemptEnded(finishedAt, status, clock.instant())
                .settled(status, finishedAt, Endings.error(verdict.error())));
    try {
      store.unmarkActive(run.runId());
    } catch (SdkException e) {
      // The sweep removes the mark of a settled run it finds.
    }
    releaseSlot(settled.run(), call);
    if (status == RunStatus.SUCCEEDED) {
      return succeeded(settled.run(), outcome);
    }
    return view(
        settled.run(), status, settled.run().settledAt(), settled.run().settledError(), null);
  }

  /** A settled run; a SUCCEEDED one answers its result from the outcome document. */
  private RunView settledView(StoredRun run) {
    if (run.settledStatus() == RunStatus.SUCCEEDED) {
      return succeeded(run, store.outcome(run.runId(), run.attempt()).orElse(null));
    }
    return view(run, run.settledStatus(), run.settledAt(), run.settledError(), null);
  }

  private RunView succeeded(StoredRun run, RunStore.Outcome outcome) {
    Instant finishedAt = outcome == null ? run.settledAt() : outcome.outcome().finishedAt();
    if (outcome == null) {
      return view(run, RunStatus.SUCCEEDED, finishedAt, null, null);
    }
    if (outcome.sizeBytes() > InvokerAnswer.INLINE_RESULT_LIMIT_BYTES) {
      return view(
          run,
          RunStatus.SUCCEEDED,
          finishedAt,
          null,
          null,
          store.outcomeUri(run.runId(), run.attempt()).toString());
    }
    return view(run, RunStatus.SUCCEEDED, finishedAt, null, outcome.outcome().resultJson());
  }

  /**
   * The backoff before the attempt after {@code failedAttempt}: exponential from the base, capped,
   * with equal jitter so that runs failing together do not retry in the same instant.
   */
  private Duration backoff(int failedAttempt) {
    if (retryBase.isZero()) {
      return Duration.ZERO;
    }
    long ceiling =
        Math.min(
            MAX_RETRY_DELAY.toMillis(), retryBase.toMillis() << Math.min(20, failedAttempt - 1));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /**
   * The job's retries plus one; a job no longer deployed behind this invoker gets no more attempts.
   */
  private int maxAttempts(StoredRun run) {
    InvokerEnvironment.Job job = config.jobs().get(run.job());
    return job == null ? run.attempt() : job.retries() + 1;
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
    RunRecord record =
        new RunRecord(
            run.runId(),
            run.job(),
            status,
            run.attempt(),
            run.createdAt(),
            run.startedAt(),
            finishedAt,
            resultJson,
            error);
    Optional<ScheduledFire> fire = ScheduledFire.fromIdempotencyKey(run.idempotencyKey());
    if (!run.tags().isEmpty()
        || run.startAt() != null
        || run.expiresAt() != null
        || fire.isPresent()) {
      RunDetails.Builder details =
          record.details().toBuilder()
              .tags(run.tags())
              .startAt(run.startAt())
              .expiresAt(run.expiresAt());
      // Only the fires of the stack's schedules carry such a key (clients' are refused).
      fire.ifPresent(f -> details.schedule(f.schedule(), f.fireTime()));
      record = record.withDetails(details.build());
    }
    return new RunView(withRunControl(record, run), resultUri);
  }

  /**
   * The record with the run's priority, the run it re-runs, and when each attempt ran: the ended
   * ones as the record keeps them, and the current one, open, while the run has not settled.
   */
  private static RunRecord withRunControl(RunRecord record, StoredRun run) {
    RunControl control = run.control();
    boolean current = run.settledStatus() == null && run.attemptStartedAt() != null;
    if (control.nothingToShow() && !current) {
      return record;
    }
    List<AttemptSpan> spans = new ArrayList<>();
    for (RunControl.EndedAttempt ended : control.attempts()) {
      if (!current || ended.attempt() != run.attempt()) {
        spans.add(ended.span());
      }
    }
    if (current) {
      spans.add(new AttemptSpan(run.attempt(), run.attemptStartedAt(), null, null));
    }
    return record.withDetails(
        record.details().toBuilder()
            .priority(control.priority())
            .rerunOf(control.rerunOf())
            .attempts(spans)
            .build());
  }

  /**
   * The view with the latest progress of its current attempt: one small GET, only for a run that
   * has started (a queued one has reported nothing), and only for a {@code get}.
   */
  private RunView withProgress(RunView view) {
    RunRecord record = view.record();
    if (record.startedAt() == null) {
      return view;
    }
    return store
        .progress(record.id(), record.attempt())
        .map(document -> new RunView(Progress.attach(record, document), view.resultUri()))
        .orElse(view);
  }

  /** When the current attempt ended: its own outcome's time, else now (when it was seen ended). */
  private Instant attemptEnd(StoredRun run, RunStore.Outcome outcome) {
    boolean own = outcome != null && outcome.outcome().isOf(run.runId(), run.attempt());
    return own && outcome.outcome().finishedAt() != null
        ? outcome.outcome().finishedAt()
        : clock.instant();
  }

  /**
   * A due start of a job with a concurrency limit that was not admitted yet: admitted when it gets
   * a slot ({@link JobSlots#acquire}), else it waits QUEUED in its job's queue. A cancelled one
   * ends here, never started: no {@code RunTask} was sent for a start the record does not show
   * admitted.
   *
   * @return empty when the start may go ahead, else the answer
   */
  private Optional<RunView> waitForSlot(Versioned current, Call call) {
    StoredRun run = current.run();
    if (run.cancelRequestedAt() != null) {
      return Optional.of(
          follow(
              current,
              AttemptLifecycle.decide(
                  InvokerAttempts.state(run, maxAttempts(run)),
                  new AttemptFact.NeverStarted(
                      "cancelled while waiting for a slot of job '"
                          + run.job()
                          + "' (concurrency "
                          + slots.limit(run.job())
                          + ")")),
              null,
              call));
    }
    JobSlots.Admission admission = slots.acquire(run);
    if (admission == JobSlots.Admission.ADMITTED) {
      return Optional.empty();
    }
    if (admission == JobSlots.Admission.QUEUED_BEHIND) {
      // Slots are free, but runs queued ahead of this one are due them first.
      startQueued(run.job(), call);
    }
    return Optional.of(view(run, RunStatus.QUEUED, null, null, null));
  }

  /**
   * After the run's attempt ended (it settled, or waits for a retry's backoff): frees its slot of
   * its job's limit and its place in the queue, and starts the next queued runs of the job. A
   * failure is logged: the sweep frees the slot of a settled run and starts the queued ones.
   */
  private void releaseSlot(StoredRun run, Call call) {
    if (slots.limit(run.job()) == 0) {
      return;
    }
    try {
      if (slots.release(run)) {
        startQueued(run.job(), call);
      }
    } catch (SdkException e) {
      System.err.println(
          "[overtime] invoker: could not release the slot of run "
              + run.runId()
              + " (the sweep will): "
              + e.getMessage());
    }
  }

  /**
   * Starts the first queued runs of {@code job} while it has free slots, in queue order (highest
   * priority first, then oldest): each is decided as a {@code get} would, so it takes a slot and
   * starts, or, if another invocation took the slot first, waits on. The free slots are read again
   * after each start, since releases in other invocations may hand out the same runs at the same
   * time. Places whose run has settled, started or gone are removed on the way.
   */
  private void startQueued(String job, Call call) {
    if (slots.limit(job) == 0 || STARTING_QUEUED.get()) {
      return;
    }
    STARTING_QUEUED.set(Boolean.TRUE);
    try {
      Set<String> tried = new HashSet<>();
      int started = 0;
      for (int round = 0;
          round < JobSlots.DISPATCH_LIMIT + JobSlots.STALE_ALLOWANCE
              && started < JobSlots.DISPATCH_LIMIT;
          round++) {
        JobSlots.Turn turn = slots.turn(job, tried.size());
        Optional<RunStore.QueuedRun> next =
            turn.queued().stream().filter(queued -> !tried.contains(queued.runId())).findFirst();
        if (turn.free() <= 0 || next.isEmpty()) {
          break;
        }
        RunStore.QueuedRun queued = next.get();
        tried.add(queued.runId());
        Optional<Versioned> record = store.loadVersioned(queued.runId());
        if (record.isEmpty()
            || record.get().run().settledStatus() != null
            || !record.get().run().startPending()) {
          store.dequeue(job, queued);
          continue;
        }
        started++;
        try {
          advance(queued.runId(), record.get(), call);
        } catch (RuntimeException e) {
          System.err.println(
              "[overtime] invoker: could not start queued run "
                  + queued.runId()
                  + " (the sweep will): "
                  + e);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(
          "[overtime] invoker: could not start the queued runs of job "
              + job
              + " (the sweep will): "
              + e);
    } finally {
      STARTING_QUEUED.set(Boolean.FALSE);
    }
  }

  /**
   * The sweep's part in per-job concurrency: for each job with a limit, frees the slots of runs
   * that settled without releasing theirs, then starts the first queued runs.
   */
  private void startQueuedOfLimitedJobs(String functionArn) {
    for (String job : config.jobs().keySet()) {
      if (slots.limit(job) == 0) {
        continue;
      }
      try {
        slots.reclaim(job, store::load);
        startQueued(job, Call.of(functionArn));
      } catch (RuntimeException e) {
        System.err.println(
            "[overtime] invoker: sweep could not start the queued runs of job " + job + ": " + e);
      }
    }
  }

  /**
   * A new run of the original's job with its stored payload, timeout and priority, a new id, and
   * {@code rerunOf} naming the original, which notes it ({@code runs/<id>/reruns/<new id>}). The
   * client needs no payload: an inline one is copied from the record, one in the bucket to the new
   * run's own {@code payload.json}, so it outlives the original's. A rerun's idempotency key, when
   * given, is claimed like a run's: a retried call answers the same re-run.
   */
  private RunView rerun(Versioned read, InvokerRequest request, Call call) {
    StoredRun original = read.run();
    InvokerEnvironment.Job job = config.jobs().get(original.job());
    if (job == null) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_JOB,
          "run '"
              + original.runId()
              + "' is of job '"
              + original.job()
              + "', which is no longer deployed behind this invoker (deployed jobs: "
              + config.jobs().keySet()
              + "); deploy it again to re-run its runs");
    }
    Instant now = clock.instant();
    String runId = ids.next(now);
    if (request.idempotencyKey() != null) {
      String owner = store.claimIdempotencyKey(job.name(), request.idempotencyKey(), runId);
      if (!owner.equals(runId)) {
        Optional<Versioned> existing = store.loadVersioned(owner);
        if (existing.isPresent()) {
          if (original.runId().equals(existing.get().run().control().rerunOf())) {
            // A retried call: the note may be what the first call did not get to write.
            store.markRerun(original.runId(), owner);
          }
          return advance(owner, existing.get(), call);
        }
        runId = owner; // claimed by a call that has not created the record: create it (see run)
      }
    }
    String payloadUri = null;
    if (original.payload() == null) {
      byte[] payload =
          store
              .payload(original.payloadUri())
              .orElseThrow(
                  () ->
                      new InvokerProtocolException(
                          InvokerErrorCode.BAD_REQUEST,
                          "the payload of run '"
                              + original.runId()
                              + "' is no longer in the bucket ("
                              + original.payloadUri()
                              + " expired after the stack's PayloadRetentionDays or"
                              + " RunRetentionDays); start a new run with the payload instead"));
      payloadUri = store.putPayload(runId, payload).toString();
    }
    StoredRun created =
        StoredRun.created(
                runId,
                job.name(),
                now,
                Math.min(original.timeoutSeconds(), job.timeoutSeconds()),
                original.payload(),
                payloadUri,
                request.idempotencyKey(),
                List.of(),
                null,
                null)
            .withControl(RunControl.of(original.control().priority(), original.runId()));
    store.markActive(runId);
    Versioned first;
    try {
      first = store.create(created);
    } catch (ConcurrentRunChange e) {
      first = writtenAlready(runId);
    }
    if (original.runId().equals(first.run().control().rerunOf())) {
      store.markRerun(original.runId(), runId);
    }
    return advance(runId, first, call);
  }

  /**
   * The record of {@code runId} that {@code If-None-Match: *} found in place of the one this call
   * created. The id is this call's own, or one claimed with its idempotency key, so the record is
   * this call's write whose answer the S3 client lost (its retry was refused), or a retried call's
   * for the same request. Either way the steps after the write (a delayed run's schedule, a
   * re-run's note) are still this call's to take; they are idempotent.
   */
  private Versioned writtenAlready(String runId) {
    return store
        .loadVersioned(runId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the record of run "
                        + runId
                        + " was refused as existing, and is not there; retry the call"));
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
    env.put(RunContract.PROGRESS_URI, store.progressUri(run.runId(), run.attempt()).toString());
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
