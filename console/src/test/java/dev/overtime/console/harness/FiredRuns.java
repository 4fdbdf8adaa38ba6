package dev.overtime.console.harness;

import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.LogChunk;
import dev.overtime.tooling.runs.RunLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A home's runs of which some are reported as fired by a schedule: every record of a run {@link
 * #fire marked} carries {@code RunDetails.schedule()} and {@code scheduledFor()}, as an engine
 * reports a run whose idempotency key is a fire's ({@code schedule:<job>#<index>@<instant>}). Lets
 * the console's tests show a fire while nothing they may call can record one ({@code RunOptions}
 * refuses that key prefix); everything else is the real home's.
 */
public final class FiredRuns implements HomeRuns {
  private record Fire(String schedule, Instant fireTime) {}

  private final HomeRuns runs;
  private final Map<String, Fire> fires = new ConcurrentHashMap<>();

  public FiredRuns(HomeRuns runs) {
    this.runs = runs;
  }

  /**
   * From now on, run {@code runId} is reported as schedule {@code job#index}'s fire of {@code
   * fireTime}.
   */
  public void fire(String runId, String schedule, Instant fireTime) {
    fires.put(runId, new Fire(schedule, fireTime));
  }

  private RunRecord shown(RunRecord run) {
    Fire fire = fires.get(run.id());
    return fire == null
        ? run
        : run.withDetails(
            run.details().toBuilder().schedule(fire.schedule(), fire.fireTime()).build());
  }

  private List<RunRecord> shown(List<RunRecord> list) {
    return list.stream().map(this::shown).toList();
  }

  @Override
  public Path home() {
    return runs.home();
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return runs.find(runId).map(this::shown);
  }

  @Override
  public RunRecord get(String runId) {
    return shown(runs.get(runId));
  }

  @Override
  public RunRecord cancel(String runId) {
    return shown(runs.cancel(runId));
  }

  @Override
  public RunRecord requestCancel(String runId) {
    return shown(runs.requestCancel(runId));
  }

  @Override
  public RunRecord submit(AppJob job, String payloadJson, RunOptions options) {
    return runs.submit(job, payloadJson, options);
  }

  @Override
  public RunRecord rerun(String runId) {
    return runs.rerun(runId);
  }

  @Override
  public List<String> rerunsOf(String runId) {
    return runs.rerunsOf(runId);
  }

  @Override
  public RunRecord reschedule(String runId, Instant startAt) {
    return shown(runs.reschedule(runId, startAt));
  }

  @Override
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    return shown(runs.list(job, status, limit));
  }

  @Override
  public List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    return shown(runs.list(job, status, tag, limit));
  }

  @Override
  public Path logFile(String runId) {
    return runs.logFile(runId);
  }

  @Override
  public RunLog log(String runId) {
    return runs.log(runId);
  }

  @Override
  public LogChunk readLog(String runId, long from, int max, boolean ended) {
    return runs.readLog(runId, from, max, ended);
  }

  @Override
  public String logLocation(String runId) {
    return runs.logLocation(runId);
  }

  @Override
  public String where() {
    return runs.where();
  }

  @Override
  public Duration pollInterval() {
    return runs.pollInterval();
  }

  /** The real home stays open: the {@link RunningConsole} that made it closes it. */
  @Override
  public void close() {}
}
