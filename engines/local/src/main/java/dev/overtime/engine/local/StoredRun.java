package dev.overtime.engine.local;

import dev.overtime.contract.StopRequest;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.ScheduledFire;
import java.time.Instant;
import java.util.List;

/**
 * One row of the {@code runs} table: the public {@link RunRecord} fields plus what the engine needs
 * to start, watch and recover the run. Times are epoch milliseconds (0 = not set). {@code stop} is
 * {@link StopRequest#NONE} when no stop was recorded; {@code failedStarts} counts the starts that
 * never reached the handler; {@code marksBegan} whether the current attempt was given {@code
 * OVERTIME_BEGAN_URI}; {@code launchSpecId} the recorded {@link LaunchSpec} (0 for runs of older
 * engines); {@code launches} how many times the run was launched (the current launch's lock and
 * claim files are named by it; 0 before the first); {@code tags} the run's tags, in the order
 * given; {@code priority} its place in the queue (higher first); {@code jobConcurrency} the job's
 * own limit of running runs (0: none); {@code rerunOf} the run it re-runs, or null; {@code startAt}
 * the start time of a delayed run and {@code expiresAt} when a run never launched by then expires
 * (0: none); {@code idempotencyKey} the run's key, or null (a fire's names its schedule, {@link
 * ScheduledFire}).
 */
record StoredRun(
    String id,
    String job,
    RunStatus status,
    int attempt,
    int maxAttempts,
    String payload,
    long timeoutMillis,
    int memoryMib,
    long classpathId,
    String owner,
    long createdAt,
    long notBefore,
    long startedAt,
    long deadline,
    long finishedAt,
    long pid,
    long pidStartMillis,
    StopRequest stop,
    String result,
    String errorType,
    String errorMessage,
    int failedStarts,
    boolean marksBegan,
    long launchSpecId,
    int launches,
    List<String> tags,
    int priority,
    int jobConcurrency,
    String rerunOf,
    long startAt,
    long expiresAt,
    String idempotencyKey) {

  StoredRun {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The process of the current attempt, once it was started and recorded. */
  ProcessIdentity process() {
    return pid == 0 ? null : new ProcessIdentity(pid, pidStartMillis);
  }

  RunRecord toRecord() {
    RunRecord record =
        new RunRecord(
            id,
            job,
            status,
            attempt,
            Instant.ofEpochMilli(createdAt),
            instant(startedAt),
            instant(finishedAt),
            result,
            errorType == null ? null : new RunError(errorType, errorMessage),
            new RunStore.Queueing(priority, jobConcurrency, rerunOf).details());
    RunRecord tagged =
        tags.isEmpty()
            ? record
            : record.withDetails(record.details().toBuilder().tags(tags).build());
    return withWaiting(tagged);
  }

  /** The record with this run's start time and expiry in its details, when it has them. */
  private RunRecord withWaiting(RunRecord record) {
    ScheduledFire fire = ScheduledFire.fromIdempotencyKey(idempotencyKey).orElse(null);
    if (startAt == 0 && expiresAt == 0 && fire == null) {
      return record;
    }
    RunDetails.Builder details =
        record.details().toBuilder().startAt(instant(startAt)).expiresAt(instant(expiresAt));
    if (fire != null) {
      details.schedule(fire.schedule(), fire.fireTime());
    }
    return record.withDetails(details.build());
  }

  private static Instant instant(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis);
  }
}
