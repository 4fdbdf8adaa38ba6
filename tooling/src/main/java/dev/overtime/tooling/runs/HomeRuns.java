package dev.overtime.tooling.runs;

import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.app.AppJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runs an engine has recorded, as the CLI reads and cancels them: {@link LocalRuns} for the
 * local engine's home, {@link SlurmRuns} for the Slurm engine's shared directory, {@link AwsRuns}
 * for a deployed AWS stack.
 */
public interface HomeRuns extends AutoCloseable {

  /** Where the runs are recorded: the home, or the Slurm engine's shared directory. */
  Path home();

  Optional<RunRecord> find(String runId);

  /** The run, or {@link UnknownRunId}. */
  RunRecord get(String runId);

  /** Cancels a run; a finished run is returned as it is. */
  RunRecord cancel(String runId);

  /**
   * Cancels a run without waiting for it to end (for cancelling many): a queued run is returned
   * CANCELLED, a running one still RUNNING with its stop requested. The default waits, as {@link
   * #cancel} does.
   */
  default RunRecord requestCancel(String runId) {
    return cancel(runId);
  }

  /**
   * Records a run of {@code job} with a payload already validated as JSON against its schema, and
   * has it started as this engine starts runs.
   *
   * @throws UnsupportedOperationException when runs of this engine are not started from here
   */
  default RunRecord submit(AppJob job, String payloadJson, RunOptions options) {
    throw new UnsupportedOperationException(
        "Runs recorded under "
            + home()
            + " are started by the application, not from here; use the local engine or a deployed"
            + " stack (--engine aws)");
  }

  /**
   * Starts a new run with the payload of run {@code runId}, linked to it; see {@link
   * dev.overtime.runtime.Engine#rerun}.
   *
   * @throws UnsupportedOperationException when these runs' engine cannot re-run
   */
  default RunRecord rerun(String runId) {
    throw new UnsupportedOperationException(
        "Runs recorded under " + home() + " cannot be re-run from here; start a new run instead");
  }

  /** The ids of the runs that re-run {@code runId}, oldest first. */
  default List<String> rerunsOf(String runId) {
    return List.of();
  }

  /**
   * Moves the start of a run that has not started to {@code startAt}.
   *
   * @throws IllegalStateException once the run has started or ended
   * @throws UnsupportedOperationException where the engine cannot delay runs
   */
  default RunRecord reschedule(String runId, Instant startAt) {
    get(runId);
    throw new UnsupportedOperationException(
        "Runs recorded under " + home() + " cannot be rescheduled; only local runs can be here");
  }

  /** Runs, newest first; null filters match everything. */
  List<RunRecord> list(String job, RunStatus status, int limit);

  /**
   * Runs, newest first, optionally only those carrying {@code tag}; null filters match everything.
   * The default supports no tag filter: engines that store tags override it.
   */
  default List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    if (tag == null) {
      return list(job, status, limit);
    }
    throw new UnsupportedOperationException(
        "Listing runs by tag is not supported for the runs under "
            + home()
            + ": this engine does not index tags (the local and slurm engines do). List them"
            + " without a tag filter.");
  }

  /** The run's log; the file may not exist until the run starts. */
  Path logFile(String runId);

  /** The run's log, read as it grows. */
  default RunLog log(String runId) {
    return new FileRunLog(logFile(runId));
  }

  /**
   * A piece of the run's log from offset {@code from} (as returned in {@link LogChunk#next()} by
   * the previous call), at most about {@code max} characters, cut at the last whole line unless the
   * run has {@code ended}. For the console, which asks again with each poll and keeps no state.
   */
  default LogChunk readLog(String runId, long from, int max, boolean ended) {
    return LogReader.read(logFile(runId), from, max, ended);
  }

  /** Where the run's log is, for people: a file, or a log group and its streams. */
  default String logLocation(String runId) {
    return logFile(runId).toString();
  }

  /** Where the runs are, for messages: the home, the directory, the stack's invoker. */
  default String where() {
    return home().toString();
  }

  /** How often a follower looks at the run and its log again. */
  default Duration pollInterval() {
    return Duration.ofMillis(150);
  }

  @Override
  void close();
}
