package dev.overtime.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An engine's view of one run at one moment, engine-neutral and untyped: the result is still JSON.
 * {@link dev.overtime.runtime.JobRun} wraps it with the job's types.
 *
 * @param id the run id
 * @param job the job name
 * @param status the status
 * @param attempt the current or last attempt, from 1
 * @param createdAt when the run was accepted
 * @param startedAt when its current attempt started, or null while queued
 * @param finishedAt when it reached a terminal status, or null
 * @param resultJson the result as JSON when {@code SUCCEEDED} (the text {@code null} for Void),
 *     else null
 * @param error why it did not succeed, or null
 * @param details progress, tags, priority, start time, schedule and attempt times, where known
 */
public record RunRecord(
    String id,
    String job,
    RunStatus status,
    int attempt,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String resultJson,
    RunError error,
    RunDetails details) {

  public RunRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    details = details == null ? RunDetails.none() : details;
  }

  /** A record without details ({@link RunDetails#none()}). */
  public RunRecord(
      String id,
      String job,
      RunStatus status,
      int attempt,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      String resultJson,
      RunError error) {
    this(id, job, status, attempt, createdAt, startedAt, finishedAt, resultJson, error, null);
  }

  /** This record with other details. */
  public RunRecord withDetails(RunDetails details) {
    return new RunRecord(
        id, job, status, attempt, createdAt, startedAt, finishedAt, resultJson, error, details);
  }
}
