package dev.overtime.engine.local;

import dev.overtime.contract.RunIds;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs of a home, read only: it opens {@code runs.db} read-only, creates nothing and cannot
 * launch, retry or change a run, and never starts a supervisor. For read commands ({@code overtime
 * status}, {@code runs}, {@code logs}) and anything else that only looks.
 *
 * <pre>{@code
 * try (LocalRunReader runs = LocalRunReader.open(Path.of(".overtime"))) {
 *   runs.list(null, RunStatus.RUNNING, 20).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class LocalRunReader implements AutoCloseable {
  private final Path home;
  private final RunStore store; // null: no database yet, so no runs

  private LocalRunReader(Path home, RunStore store) {
    this.home = home;
    this.store = store;
  }

  /**
   * Starts loading, on a daemon thread, what {@link #open} will need for {@code home} (the SQLite
   * driver, its native library, its date tables), for a short process whose main thread has other
   * work before it opens the home: a CLI command parsing its command line. It opens nothing and
   * writes nothing, and does nothing for a home without a database; a failure is left for {@link
   * #open} to report.
   */
  public static void preload(Path home) {
    StorePreload.startForReader(home.toAbsolutePath().normalize());
  }

  /** Opens the home for reading; a home without a database reads as one without runs. */
  public static LocalRunReader open(Path home) {
    Path absolute = home.toAbsolutePath().normalize();
    return new LocalRunReader(absolute, RunStore.openReadOnly(absolute).orElse(null));
  }

  /** The home directory. */
  public Path home() {
    return home;
  }

  /** The run, if it exists. */
  public Optional<RunRecord> find(String runId) {
    Objects.requireNonNull(runId, "runId");
    return store == null
        ? Optional.empty()
        : store
            .findWithAttempts(runId)
            .map(run -> RunProgressFile.attach(home.resolve("runs"), run));
  }

  /**
   * Runs newest first.
   *
   * @param job only runs of this job, or all when null
   * @param status only runs in this status, or all when null
   * @param limit at most this many, from 1
   */
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return store == null
        ? List.of()
        : RunProgressFile.attachAll(home.resolve("runs"), store.list(job, status, limit));
  }

  /**
   * Runs newest first, optionally only those carrying {@code tag}.
   *
   * @param job only runs of this job, or all when null
   * @param status only runs in this status, or all when null
   * @param tag only runs with this tag, or all when null
   * @param limit at most this many, from 1
   */
  public List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return store == null ? List.of() : store.list(job, status, tag, limit);
  }

  /** The ids of the runs that re-run {@code runId}, oldest first. */
  public List<String> rerunsOf(String runId) {
    Objects.requireNonNull(runId, "runId");
    return store == null ? List.of() : store.rerunsOf(runId);
  }

  /** The schedules enabled on the home, by id; none on a home without a database. */
  public List<EnabledSchedule> enabledSchedules() {
    return store == null
        ? List.of()
        : store.schedulesIfAny().stream().map(StoredSchedule::toEnabled).toList();
  }

  /** The run's log file (standard output and error of all its attempts); it may not exist yet. */
  public Path logFile(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      throw new IllegalArgumentException(
          "Not a run id: '" + runId + "'; pass the id returned by run(...)");
    }
    return home.resolve("runs").resolve(runId).resolve("run.log");
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
