package dev.overtime.tooling.runs;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import dev.overtime.engine.local.schedule.ScheduleRegistration;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.spi.SubmitRequest;
import dev.overtime.tooling.app.AppJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runs recorded under one OVERTIME_HOME, through a local engine of this process. Applications
 * may use the same home at the same time: the engine's database is shared, and runs started
 * elsewhere can be read and cancelled here.
 */
public final class LocalRuns implements HomeRuns {
  private final Path home;
  private final LocalEngine engine; // null when read-only
  private final LocalRunReader reader; // null when not read-only

  private LocalRuns(Path home, LocalEngine engine, LocalRunReader reader) {
    this.home = home;
    this.engine = engine;
    this.reader = reader;
  }

  /**
   * Opens the home for reading only: the database is opened read-only, nothing is created, no run
   * is launched or changed and no supervisor is started. Submit and cancel are refused.
   */
  public static LocalRuns openReadOnly(Path home) {
    return new LocalRuns(home, null, LocalRunReader.open(home));
  }

  /**
   * Opens the home. Runs submitted through it start child JVMs on {@code classpath}, the
   * application's; give null when this process only reads and cancels.
   */
  public static LocalRuns open(Path home, String classpath) {
    return open(home, classpath, null);
  }

  /**
   * Opens the home, echoing the output of runs this process starts to {@code console} (each line
   * prefixed with job and run id, as {@code sst dev} shows it); null for no echo.
   */
  public static LocalRuns open(Path home, String classpath, PrintStream console) {
    LocalEngine.Builder builder = LocalEngine.builder().home(home).console(console);
    if (classpath != null) {
      builder.classpath(classpath);
    }
    return new LocalRuns(home, builder.build(), null);
  }

  @Override
  public Path home() {
    return home;
  }

  /** Records and schedules a run of {@code job} with a payload already validated as JSON. */
  @Override
  public RunRecord submit(AppJob job, String payloadJson, RunOptions options) {
    return writable()
        .submit(
            new SubmitRequest(
                job.descriptor(),
                payloadJson,
                options,
                options.effectiveTimeout(job.descriptor())));
  }

  /**
   * Enables schedules on the home ({@link LocalEngine#enableSchedules}): its supervisor fires them
   * with this application's class path.
   */
  public List<EnabledSchedule> enableSchedules(List<ScheduleRegistration> schedules) {
    return writable().enableSchedules(schedules);
  }

  /** Disables schedules on the home ({@link LocalEngine#disableSchedules}); null for all. */
  public int disableSchedules(List<String> ids) {
    return writable().disableSchedules(ids);
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return reader != null ? reader.find(runId) : engine.find(runId);
  }

  /** The run, or {@link UnknownRunId}. */
  @Override
  public RunRecord get(String runId) {
    return find(runId).orElseThrow(() -> new UnknownRunId(runId, home));
  }

  /** Cancels a run; a finished run is returned as it is. */
  @Override
  public RunRecord cancel(String runId) {
    RunRecord run = get(runId);
    if (run.status().isTerminal()) {
      return run;
    }
    return writable().cancel(run.job(), runId);
  }

  /** Cancels a run without waiting for a running one to end. */
  @Override
  public RunRecord requestCancel(String runId) {
    RunRecord run = get(runId);
    if (run.status().isTerminal()) {
      return run;
    }
    return writable().requestCancel(run.job(), runId);
  }

  /** Records a new run of the same job with the stored payload of {@code runId}, linked to it. */
  @Override
  public RunRecord rerun(String runId) {
    RunRecord run = get(runId);
    return writable().rerun(run.job(), runId);
  }

  @Override
  public List<String> rerunsOf(String runId) {
    return reader != null ? reader.rerunsOf(runId) : engine.rerunsOf(runId);
  }

  /** Moves the start of a run that has not started; refused once it has. */
  @Override
  public RunRecord reschedule(String runId, Instant startAt) {
    RunRecord run = get(runId);
    return writable().reschedule(run.job(), runId, startAt);
  }

  /** Runs, newest first; null filters match everything. */
  @Override
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    return reader != null ? reader.list(job, status, limit) : engine.list(job, status, limit);
  }

  /** Runs, newest first, optionally only those carrying {@code tag}; null filters match all. */
  @Override
  public List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    return reader != null
        ? reader.list(job, status, tag, limit)
        : engine.list(job, status, tag, limit);
  }

  /** The run's combined stdout and stderr; the file may not exist until the run starts. */
  @Override
  public Path logFile(String runId) {
    get(runId);
    return reader != null ? reader.logFile(runId) : engine.logFile(runId);
  }

  private LocalEngine writable() {
    if (engine == null) {
      throw new IllegalStateException(
          "These runs of "
              + home
              + " were opened read-only; use LocalRuns.open to submit or cancel");
    }
    return engine;
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    if (reader != null) {
      reader.close();
    }
  }
}
