package dev.overtime.tooling.runs;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The runs an engine has recorded, as the CLI reads and cancels them: {@link LocalRuns} for the
 * local engine's home, {@link SlurmRuns} for the Slurm engine's shared directory.
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
        "Listing runs by tag is not supported for the runs under " + home());
  }

  /** The run's log; the file may not exist until the run starts. */
  Path logFile(String runId);

  @Override
  void close();
}
