package dev.overtime.tooling.runs;

import dev.overtime.engine.slurm.SlurmEngine;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of the Slurm engine ({@code OVERTIME_ENGINE=slurm}) under its shared directory ({@code
 * OVERTIME_SLURM_DIR}), read and cancelled from any host that mounts it and has Slurm's commands.
 */
public final class SlurmRuns implements HomeRuns {
  private final SlurmEngine engine;

  private SlurmRuns(SlurmEngine engine) {
    this.engine = engine;
  }

  /** Opens the directory named by {@code environment} (docs/slurm.md). */
  public static SlurmRuns open(Map<String, String> environment) {
    return new SlurmRuns(SlurmEngine.builder(environment).build());
  }

  @Override
  public Path home() {
    return engine.directory();
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return engine.find(runId);
  }

  @Override
  public RunRecord get(String runId) {
    return engine.find(runId).orElseThrow(() -> new UnknownRunId(runId, home()));
  }

  @Override
  public RunRecord cancel(String runId) {
    RunRecord run = get(runId);
    return run.status().isTerminal() ? run : engine.cancel(run.job(), runId);
  }

  @Override
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    return engine.list(job, status, limit);
  }

  @Override
  public List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    return engine.list(job, status, tag, limit);
  }

  @Override
  public Path logFile(String runId) {
    get(runId);
    return engine.logFile(runId);
  }

  @Override
  public void close() {
    engine.close();
  }
}
