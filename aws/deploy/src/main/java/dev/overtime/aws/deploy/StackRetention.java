package dev.overtime.aws.deploy;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.runtime.manifest.ManifestJob;
import java.util.List;

/**
 * How long the bucket must keep a run's payload and record: until the run's last attempt can have
 * ended. Every attempt re-reads the payload ({@code payloads/…} uploaded by the client, or {@code
 * runs/<id>/payload.json}), and the invoker re-reads {@code runs/<id>/run.json} to settle and
 * retry; a lifecycle rule that deletes them earlier makes a late retry fail or a run vanish. The
 * stack's retention parameters refuse anything shorter (their {@code MinValue}).
 *
 * <p>The bound for a job with timeout {@code t} and {@code r} retries: {@code (r + 1)} attempts,
 * each up to {@code t} (the deadline counts from the request, so provisioning is inside it) plus
 * the time to notice its end ({@value AttemptLifecycle#START_LIMIT} starts, each noticed within a
 * sweep and the invoker's grace for a task not yet visible) plus the stop timeout; and {@code r}
 * backoffs of at most {@link #MAX_BACKOFF_SECONDS}. S3 expires an object at the first midnight UTC
 * at least the rule's days after its creation, so whole days rounded up are enough.
 */
final class StackRetention {
  /** The longest backoff between two attempts the invoker may wait (as the local engine's cap). */
  static final long MAX_BACKOFF_SECONDS = 5 * 60;

  /** How long the invoker treats a task it cannot see yet as starting (its grace period). */
  static final long NOT_YET_VISIBLE_GRACE_SECONDS = 2 * 60;

  /** The container's stop timeout: SIGTERM to SIGKILL. */
  static final long STOP_TIMEOUT_SECONDS = 30;

  private static final long DAY = 24 * 3600;

  private StackRetention() {}

  /** The longest a run of {@code job} can need its payload and record, in seconds. */
  static long longestRunSeconds(ManifestJob job, int sweepMinutes) {
    long noticed =
        AttemptLifecycle.START_LIMIT * (sweepMinutes * 60L + NOT_YET_VISIBLE_GRACE_SECONDS)
            + STOP_TIMEOUT_SECONDS;
    long attempts = job.retries() + 1L;
    return attempts * (job.timeoutSeconds() + noticed) + job.retries() * MAX_BACKOFF_SECONDS;
  }

  /** The fewest whole days of retention that outlast every job's longest run. */
  static int minimumDays(List<ManifestJob> jobs, int sweepMinutes) {
    long longest = 0;
    for (ManifestJob job : jobs) {
      longest = Math.max(longest, longestRunSeconds(job, sweepMinutes));
    }
    return (int) Math.max(1, (longest + DAY - 1) / DAY);
  }

  /** The job whose runs last longest, for the parameters' descriptions. */
  static ManifestJob longestJob(List<ManifestJob> jobs, int sweepMinutes) {
    ManifestJob longest = jobs.get(0);
    for (ManifestJob job : jobs) {
      if (longestRunSeconds(job, sweepMinutes) > longestRunSeconds(longest, sweepMinutes)) {
        longest = job;
      }
    }
    return longest;
  }
}
