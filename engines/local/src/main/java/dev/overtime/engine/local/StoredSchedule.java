package dev.overtime.engine.local;

import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of the {@code schedules} table: a schedule enabled on the home and what each of its fires
 * runs, as a submitted run of its job would be recorded (attempts, timeout, memory, per-job limit,
 * class path and launch spec of the application that enabled it). Times are epoch milliseconds;
 * {@code lastFire} 0 before the first fire.
 */
record StoredSchedule(
    String id,
    String job,
    String declared,
    String cron,
    String zone,
    String payload,
    CatchUp catchUp,
    int maxAttempts,
    long timeoutMillis,
    int memoryMib,
    int jobConcurrency,
    long classpathId,
    long launchSpecId,
    long enabledAt,
    long lastFire) {

  /** The run of the fire at {@code fireAt}: an ordinary run with the fire's idempotency key. */
  RunStore.NewRun run(String runId, String key, String owner, long now) {
    return new RunStore.NewRun(
        runId,
        job,
        maxAttempts,
        payload,
        key,
        timeoutMillis,
        memoryMib,
        classpathId,
        owner,
        now,
        launchSpecId,
        List.of(),
        new RunStore.Queueing(0, jobConcurrency, null),
        RunStore.Waiting.NONE);
  }

  /** This schedule as if enabled at {@code at} (epoch ms), before its first fire. */
  StoredSchedule enabledAt(long at) {
    return new StoredSchedule(
        id,
        job,
        declared,
        cron,
        zone,
        payload,
        catchUp,
        maxAttempts,
        timeoutMillis,
        memoryMib,
        jobConcurrency,
        classpathId,
        launchSpecId,
        at,
        0);
  }

  EnabledSchedule toEnabled() {
    return new EnabledSchedule(
        id,
        job,
        declared,
        cron,
        zone,
        payload,
        catchUp,
        Instant.ofEpochMilli(enabledAt),
        lastFire == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastFire)));
  }
}
