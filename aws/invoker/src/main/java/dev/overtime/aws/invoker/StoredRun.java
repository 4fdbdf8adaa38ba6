package dev.overtime.aws.invoker;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * The invoker's durable record of one run, {@code <prefix>runs/<runId>/run.json} in the bucket.
 * Created (S3 {@code If-None-Match: *}) before the run's first {@code RunTask}, and changed only by
 * compare-and-swap ({@code If-Match} on its ETag, see {@link RunStore}). ECS forgets stopped tasks
 * after about an hour; this record and the outcome documents do not.
 *
 * <p>An attempt's start parameters (its deadline, hence the container overrides, and its client
 * token) are fixed in this record before its first {@code RunTask}: a record with no {@code
 * taskArn} is a pending start, and every invoker that finds it calls {@code RunTask} with exactly
 * the same parameters, which ECS answers with the same task (ECS API reference, "Ensuring
 * idempotency").
 *
 * @param runId the run id
 * @param job the job name
 * @param createdAt when the invoker accepted the run
 * @param timeoutSeconds the timeout of each attempt
 * @param payload the payload JSON when small enough for the container overrides, else null
 * @param payloadUri the payload's {@code s3:} URI otherwise
 * @param idempotencyKey the idempotency key, or null
 * @param attempt the current attempt, from 1
 * @param taskArn the ECS task of the current attempt, or null while its start is pending
 * @param deadline when the current attempt must stop
 * @param startedAt when the current attempt's task was first seen running, or null
 * @param cancelRequestedAt when a cancel was asked for, or null
 * @param settledStatus a terminal status decided without an outcome document (LOST, CANCELLED), or
 *     null
 * @param settledAt when it was decided
 * @param settledError why
 * @param failedStarts how many starts of this run never reached the handler (bounded by {@link
 *     AttemptLifecycle#START_LIMIT}); 0 in records of older invokers
 * @param startAfter when the pending start of the current attempt is due (a retry's backoff ends);
 *     its deadline counts from then. Null in records of older invokers
 * @param launchedAt when {@code RunTask} returned the current attempt's task; DescribeTasks may not
 *     show it for a while after. Null while pending, and in records of older invokers
 * @param marksBegan whether the current attempt's task was given {@code OVERTIME_BEGAN_URI}; false
 *     in records of older invokers, which makes a missing began document prove nothing
 * @param tags the run's tags ({@code RunOptions.tags}); empty in records of older invokers
 * @param startAt the start time of a delayed run ({@code RunOptions.startAt}), or null: it is
 *     DELAYED until then, its first start pending with {@code startAfter} at that time
 * @param expiresAt when the run expires if its first start has not been committed by then, or null
 * @param startCommitted whether the first start was committed: written before the first {@code
 *     RunTask} of a run that can expire or be rescheduled (a delayed run), so that a run whose task
 *     may exist is never expired or moved
 * @param control the run's priority, the run it re-runs, its ended attempts and its admission to a
 *     slot of its job's concurrency limit ({@link RunControl}); {@link RunControl#NONE} in records
 *     of older invokers
 */
record StoredRun(
    String runId,
    String job,
    Instant createdAt,
    long timeoutSeconds,
    String payload,
    String payloadUri,
    String idempotencyKey,
    int attempt,
    String taskArn,
    Instant deadline,
    Instant startedAt,
    Instant cancelRequestedAt,
    RunStatus settledStatus,
    Instant settledAt,
    RunError settledError,
    int failedStarts,
    boolean marksBegan,
    Instant startAfter,
    Instant launchedAt,
    List<String> tags,
    Instant startAt,
    Instant expiresAt,
    boolean startCommitted,
    RunControl control) {

  StoredRun {
    tags = tags == null ? List.of() : List.copyOf(tags);
    control = control == null ? RunControl.NONE : control;
  }

  /** A record without tags, a start time or an expiry (as older invokers wrote them). */
  StoredRun(
      String runId,
      String job,
      Instant createdAt,
      long timeoutSeconds,
      String payload,
      String payloadUri,
      String idempotencyKey,
      int attempt,
      String taskArn,
      Instant deadline,
      Instant startedAt,
      Instant cancelRequestedAt,
      RunStatus settledStatus,
      Instant settledAt,
      RunError settledError,
      int failedStarts,
      boolean marksBegan,
      Instant startAfter,
      Instant launchedAt) {
    this(
        runId,
        job,
        createdAt,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        attempt,
        taskArn,
        deadline,
        startedAt,
        cancelRequestedAt,
        settledStatus,
        settledAt,
        settledError,
        failedStarts,
        marksBegan,
        startAfter,
        launchedAt,
        List.of(),
        null,
        null,
        false,
        RunControl.NONE);
  }

  /** The record of a new run without tags whose first attempt is due now. */
  static StoredRun created(
      String runId,
      String job,
      Instant now,
      long timeoutSeconds,
      String payload,
      String payloadUri,
      String idempotencyKey) {
    return created(
        runId,
        job,
        now,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        List.of(),
        null,
        null);
  }

  /** The record of a new run whose first attempt is due now; its start is pending. */
  static StoredRun created(
      String runId,
      String job,
      Instant now,
      long timeoutSeconds,
      String payload,
      String payloadUri,
      String idempotencyKey,
      List<String> tags) {
    return created(
        runId, job, now, timeoutSeconds, payload, payloadUri, idempotencyKey, tags, null, null);
  }

  /**
   * The record of a new run whose first start is pending until {@code startAt} (a delayed run) or
   * now when it is null or has come; it expires at {@code expiresAt} unless started, if not null.
   */
  static StoredRun created(
      String runId,
      String job,
      Instant now,
      long timeoutSeconds,
      String payload,
      String payloadUri,
      String idempotencyKey,
      Instant startAt,
      Instant expiresAt) {
    return created(
        runId,
        job,
        now,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        List.of(),
        startAt,
        expiresAt);
  }

  /** The record of a new run with tags, a start time and an expiry (each may be absent). */
  static StoredRun created(
      String runId,
      String job,
      Instant now,
      long timeoutSeconds,
      String payload,
      String payloadUri,
      String idempotencyKey,
      List<String> tags,
      Instant startAt,
      Instant expiresAt) {
    Instant due = startAt != null && startAt.isAfter(now) ? startAt : now;
    return new StoredRun(
        runId,
        job,
        now,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        1,
        null,
        due.plusSeconds(timeoutSeconds),
        null,
        null,
        null,
        null,
        null,
        0,
        true,
        due,
        null,
        tags,
        startAt,
        expiresAt,
        false,
        RunControl.NONE);
  }

  /** Whether no start of this run was ever committed: it may still be DELAYED or expire. */
  boolean neverStarted() {
    return attempt == 1
        && failedStarts == 0
        && taskArn == null
        && !startCommitted
        && settledStatus == null;
  }

  /** Whether it is a delayed run whose time has not come at {@code now}. */
  boolean delayedAt(Instant now) {
    return startAt != null && neverStarted() && now.isBefore(startAfter);
  }

  /** Whether it expired unstarted at {@code now}. */
  boolean expiredAt(Instant now) {
    return expiresAt != null && neverStarted() && !now.isBefore(expiresAt);
  }

  /** The first start committed: from here on the run never expires. */
  StoredRun withStartCommitted() {
    Copy next = new Copy(this);
    next.startCommitted = true;
    return next.build();
  }

  /**
   * Whether {@code reschedule} may move it: a delayed run whose first start was not committed (so
   * no {@code RunTask} can have been sent) and that nobody cancelled.
   */
  boolean reschedulable() {
    return startAt != null && neverStarted() && cancelRequestedAt == null;
  }

  /**
   * The run moved to start at {@code newStartAt} (at once when that has come by {@code now}), its
   * deadline a timeout after, and its time to live, if it has one, counting again from then.
   */
  StoredRun rescheduledTo(Instant newStartAt, Instant now) {
    Instant due = newStartAt.isAfter(now) ? newStartAt : now;
    // The time to live is what separates the expiry from the start it was counted from.
    Instant expires =
        expiresAt == null ? null : due.plus(java.time.Duration.between(startAfter, expiresAt));
    Copy next = new Copy(this);
    next.deadline = due.plusSeconds(timeoutSeconds);
    next.startAfter = due;
    next.startAt = newStartAt;
    next.expiresAt = expires;
    return next.build();
  }

  /** Whether the current attempt's start is decided but its task not yet recorded. */
  boolean startPending() {
    return taskArn == null && settledStatus == null;
  }

  /** When the current attempt's start was due: its deadline is set then, a timeout ahead. */
  Instant dueAt() {
    return deadline.minusSeconds(timeoutSeconds);
  }

  StoredRun withTask(String arn, Instant launched) {
    Copy next = new Copy(this);
    next.taskArn = arn;
    next.launchedAt = launched;
    return next.build();
  }

  StoredRun withStartedAt(Instant when) {
    Copy next = new Copy(this);
    next.startedAt = when;
    return next.build();
  }

  StoredRun withCancelRequestedAt(Instant when) {
    Copy next = new Copy(this);
    next.cancelRequestedAt = when;
    return next.build();
  }

  StoredRun settled(RunStatus status, Instant when, RunError error) {
    Copy next = new Copy(this);
    next.settledStatus = status;
    next.settledAt = when;
    next.settledError = error;
    return next.build();
  }

  /** The next attempt, its start pending until {@code due}. */
  StoredRun nextAttempt(Instant due) {
    Copy next = new Copy(this);
    next.attempt = attempt + 1;
    next.taskArn = null;
    next.deadline = due.plusSeconds(timeoutSeconds);
    next.startedAt = null;
    next.settledStatus = null;
    next.settledAt = null;
    next.settledError = null;
    next.marksBegan = true;
    next.startAfter = due;
    next.launchedAt = null;
    return next.build();
  }

  /** The same attempt again, its last start having never reached the handler; due {@code due}. */
  StoredRun startedAgain(Instant due) {
    Copy next = new Copy(this);
    next.taskArn = null;
    next.deadline = due.plusSeconds(timeoutSeconds);
    next.startedAt = null;
    next.settledStatus = null;
    next.settledAt = null;
    next.settledError = null;
    next.failedStarts = failedStarts + 1;
    next.marksBegan = true;
    next.startAfter = due;
    next.launchedAt = null;
    return next.build();
  }

  /** With {@code control} instead of this record's run control. */
  StoredRun withControl(RunControl control) {
    Copy next = new Copy(this);
    next.control = control;
    return next.build();
  }

  /**
   * The pending start admitted to a slot of its job's concurrency limit at {@code now}: it is due
   * now and its deadline counts from now (a run that waited for a slot does not lose its timeout to
   * the wait), fixed before its first {@code RunTask} like every start's parameters.
   */
  StoredRun withStartAdmitted(Instant now) {
    Copy next = new Copy(this);
    next.deadline = now.plusSeconds(timeoutSeconds);
    next.startAfter = now;
    next.control = control.admitted(attempt, failedStarts);
    return next.build();
  }

  /**
   * With the current attempt recorded as ended at {@code endedAt} with {@code status}, when it had
   * a task (an attempt that never got one, such as a queued run cancelled, has no span). The end is
   * kept within the attempt's start and {@code now}.
   */
  StoredRun withAttemptEnded(Instant endedAt, RunStatus status, Instant now) {
    Instant began = attemptStartedAt();
    if (began == null) {
      return this;
    }
    Instant ended = endedAt == null || endedAt.isAfter(now) ? now : endedAt;
    if (ended.isBefore(began)) {
      ended = began;
    }
    return withControl(
        control.withEnded(new RunControl.EndedAttempt(attempt, began, ended, status)));
  }

  /**
   * When the current attempt started: when its task was seen running, else when {@code RunTask}
   * returned it; null while its start is pending.
   */
  Instant attemptStartedAt() {
    return startedAt != null ? startedAt : launchedAt;
  }

  /**
   * A copy of a record, some fields of which a {@code with…} method changes before {@link #build}.
   */
  private static final class Copy {
    private String runId;
    private String job;
    private Instant createdAt;
    private long timeoutSeconds;
    private String payload;
    private String payloadUri;
    private String idempotencyKey;
    private int attempt;
    private String taskArn;
    private Instant deadline;
    private Instant startedAt;
    private Instant cancelRequestedAt;
    private RunStatus settledStatus;
    private Instant settledAt;
    private RunError settledError;
    private int failedStarts;
    private boolean marksBegan;
    private Instant startAfter;
    private Instant launchedAt;
    private List<String> tags;
    private Instant startAt;
    private Instant expiresAt;
    private boolean startCommitted;
    private RunControl control;

    Copy(StoredRun run) {
      runId = run.runId;
      job = run.job;
      createdAt = run.createdAt;
      timeoutSeconds = run.timeoutSeconds;
      payload = run.payload;
      payloadUri = run.payloadUri;
      idempotencyKey = run.idempotencyKey;
      attempt = run.attempt;
      taskArn = run.taskArn;
      deadline = run.deadline;
      startedAt = run.startedAt;
      cancelRequestedAt = run.cancelRequestedAt;
      settledStatus = run.settledStatus;
      settledAt = run.settledAt;
      settledError = run.settledError;
      failedStarts = run.failedStarts;
      marksBegan = run.marksBegan;
      startAfter = run.startAfter;
      launchedAt = run.launchedAt;
      tags = run.tags;
      startAt = run.startAt;
      expiresAt = run.expiresAt;
      startCommitted = run.startCommitted;
      control = run.control;
    }

    StoredRun build() {
      return new StoredRun(
          runId,
          job,
          createdAt,
          timeoutSeconds,
          payload,
          payloadUri,
          idempotencyKey,
          attempt,
          taskArn,
          deadline,
          startedAt,
          cancelRequestedAt,
          settledStatus,
          settledAt,
          settledError,
          failedStarts,
          marksBegan,
          startAfter,
          launchedAt,
          tags,
          startAt,
          expiresAt,
          startCommitted,
          control);
    }
  }
}
