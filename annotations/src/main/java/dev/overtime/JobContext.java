package dev.overtime;

import java.time.Instant;

/** What a running job knows about its run, and how it reports. */
public interface JobContext {

  /** The id of this run, as returned to the caller of {@code run(...)}. */
  String runId();

  /** The job name from {@link JobHandler#value()}. */
  String jobName();

  /** The attempt number, starting at 1; above 1 when the run is being retried. */
  int attempt();

  /** When this attempt must stop; after it the run is ended and marked timed out. */
  Instant deadline();

  /**
   * Whether the run was cancelled. When it turns true the job's thread has also been interrupted;
   * the job should stop promptly, because the process is ended after a grace period.
   */
  boolean isCancelled();

  /** Writes one line to the run's log. Any logger writing to standard output works as well. */
  void log(String message);
}
