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

  /**
   * Reports how far the run has got: {@code fraction} of the work is done (0 to 1) and {@code
   * message} says what the job is doing. The latest report is what {@code JobRun.progress()},
   * {@code overtime status}, the live bar of {@code overtime run --wait} and the console show.
   *
   * <p>Call it as often as is convenient, even in a hot loop: engines keep only the latest value
   * and store it at most every 250 ms, and the last value is stored when the handler returns. A
   * fraction may go down (a job that starts a second phase), and a retried attempt starts again
   * from what it reports.
   *
   * <pre>{@code
   * for (int i = 0; i < frames; i++) {
   *   encode(i);
   *   context.progress((i + 1) / (double) frames, "frame " + (i + 1) + " of " + frames);
   * }
   * }</pre>
   *
   * <p>The default implementation checks its arguments and records nothing, so a context a test
   * writes by hand needs no code for it; the engines' contexts record the value.
   *
   * @param fraction how much is done, from 0 (nothing) to 1 (everything)
   * @param message what the job is doing, for people; null reads as empty; at most {@value
   *     #PROGRESS_MESSAGE_LIMIT} characters are kept
   * @throws IllegalArgumentException when {@code fraction} is NaN or outside 0..1, naming the value
   */
  default void progress(double fraction, String message) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "progress fraction must be between 0 and 1 (0.25 for a quarter done); was " + fraction);
    }
  }

  /** How many characters of a progress message are kept; longer ones are cut. */
  int PROGRESS_MESSAGE_LIMIT = 200;
}
