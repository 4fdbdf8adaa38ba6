package dev.overtime.tooling.runs;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
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

  /** Runs, newest first; null filters match everything. */
  List<RunRecord> list(String job, RunStatus status, int limit);

  /** The run's log; the file may not exist until the run starts. */
  Path logFile(String runId);

  /** The run's log, read as it grows. */
  default RunLog log(String runId) {
    return new FileRunLog(logFile(runId));
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
