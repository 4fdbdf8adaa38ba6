package dev.overtime.tooling.runs;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
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

  /** The run's log; the file may not exist until the run starts. */
  Path logFile(String runId);

  @Override
  void close();
}
