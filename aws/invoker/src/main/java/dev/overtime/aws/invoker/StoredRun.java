package dev.overtime.aws.invoker;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;

/**
 * The invoker's durable record of one run, {@code <prefix>runs/<runId>/run.json} in the bucket.
 * Written when the run's first task has started, and again when something about it changes. ECS
 * forgets stopped tasks after about an hour; this record and the outcome documents do not.
 *
 * @param runId the run id
 * @param job the job name
 * @param createdAt when the invoker accepted the run
 * @param timeoutSeconds the timeout of each attempt
 * @param payload the payload JSON when small enough for the container overrides, else null
 * @param payloadUri the payload's {@code s3:} URI otherwise
 * @param idempotencyKey the idempotency key, or null
 * @param attempt the current attempt, from 1
 * @param taskArn the ECS task of the current attempt
 * @param deadline when the current attempt must stop
 * @param startedAt when the current attempt's task was first seen running, or null
 * @param cancelRequestedAt when a cancel was asked for, or null
 * @param settledStatus a terminal status decided without an outcome document (LOST, CANCELLED), or
 *     null
 * @param settledAt when it was decided
 * @param settledError why
 * @param failedStarts how many starts of this run never reached the handler (bounded by {@link
 *     AttemptLifecycle#START_LIMIT}); 0 in records of older invokers
 * @param marksBegan whether the current attempt's task was given {@code OVERTIME_BEGAN_URI}; false
 *     in records of older invokers, which makes a missing began document prove nothing
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
    boolean marksBegan) {

  StoredRun withTask(String arn) {
    return new StoredRun(
        runId,
        job,
        createdAt,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        attempt,
        arn,
        deadline,
        startedAt,
        cancelRequestedAt,
        settledStatus,
        settledAt,
        settledError,
        failedStarts,
        marksBegan);
  }

  StoredRun withStartedAt(Instant when) {
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
        when,
        cancelRequestedAt,
        settledStatus,
        settledAt,
        settledError,
        failedStarts,
        marksBegan);
  }

  StoredRun withCancelRequestedAt(Instant when) {
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
        when,
        settledStatus,
        settledAt,
        settledError,
        failedStarts,
        marksBegan);
  }

  StoredRun settled(RunStatus status, Instant when, RunError error) {
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
        status,
        when,
        error,
        failedStarts,
        marksBegan);
  }

  StoredRun nextAttempt(String newTaskArn, Instant newDeadline) {
    return new StoredRun(
        runId,
        job,
        createdAt,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        attempt + 1,
        newTaskArn,
        newDeadline,
        null,
        cancelRequestedAt,
        null,
        null,
        null,
        failedStarts,
        true);
  }

  /** The same attempt again, its last start having never reached the handler. */
  StoredRun startedAgain(String newTaskArn, Instant newDeadline) {
    return new StoredRun(
        runId,
        job,
        createdAt,
        timeoutSeconds,
        payload,
        payloadUri,
        idempotencyKey,
        attempt,
        newTaskArn,
        newDeadline,
        null,
        cancelRequestedAt,
        null,
        null,
        null,
        failedStarts + 1,
        true);
  }
}
