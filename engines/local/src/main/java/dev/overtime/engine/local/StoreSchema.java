package dev.overtime.engine.local;

import dev.overtime.runtime.EngineUnavailableException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The schema of {@code runs.db}, as forward-only migrations: migration {@code n} (1-based) takes
 * the database from version {@code n-1} to {@code n}. Never edit a released migration; append one.
 */
final class StoreSchema {
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE classpaths (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)",
              "CREATE TABLE owners (id TEXT PRIMARY KEY, pid INTEGER NOT NULL, pid_started_at"
                  + " INTEGER NOT NULL, opened_at INTEGER NOT NULL, closed_at INTEGER)",
              "CREATE TABLE runs ("
                  + " seq INTEGER PRIMARY KEY,"
                  + " id TEXT NOT NULL UNIQUE,"
                  + " job TEXT NOT NULL,"
                  + " status TEXT NOT NULL,"
                  + " attempt INTEGER NOT NULL,"
                  + " max_attempts INTEGER NOT NULL,"
                  + " payload TEXT NOT NULL,"
                  + " idempotency_key TEXT,"
                  + " timeout_ms INTEGER NOT NULL,"
                  + " memory_mb INTEGER NOT NULL,"
                  + " classpath_id INTEGER NOT NULL,"
                  + " owner TEXT NOT NULL,"
                  + " created_at INTEGER NOT NULL,"
                  + " not_before INTEGER NOT NULL,"
                  + " started_at INTEGER,"
                  + " deadline INTEGER,"
                  + " finished_at INTEGER,"
                  + " pid INTEGER,"
                  + " pid_started_at INTEGER,"
                  + " stop_reason TEXT,"
                  + " result TEXT,"
                  + " error_type TEXT,"
                  + " error_message TEXT)",
              "CREATE UNIQUE INDEX runs_by_idempotency_key ON runs (job, idempotency_key)"
                  + " WHERE idempotency_key IS NOT NULL",
              "CREATE INDEX runs_active ON runs (owner, status, seq) WHERE status IN ('QUEUED',"
                  + " 'RUNNING')",
              "CREATE INDEX runs_by_job ON runs (job, seq)"),
          // 2: the attempt lifecycle. failed_starts counts starts that never reached the handler
          // (bounded by AttemptLifecycle.START_LIMIT); marks_began says the attempt was given
          // OVERTIME_BEGAN_URI, so a missing began document proves its handler never began (rows
          // of older engines: 0, unknown).
          List.of(
              "ALTER TABLE runs ADD COLUMN failed_starts INTEGER NOT NULL DEFAULT 0",
              "ALTER TABLE runs ADD COLUMN marks_began INTEGER NOT NULL DEFAULT 0"),
          // 3: one name per quantity: memory is in MiB, as everywhere else.
          List.of("ALTER TABLE runs RENAME COLUMN memory_mb TO memory_mib"),
          // 4: the supervisor. Whoever submits a run records how to launch it (launch_specs: java,
          // class path, JVM options, working directory, environment), so one supervisor launches
          // the runs of every application on the home. launches counts the launches of the run;
          // the current one's lock and claim files are named by it (0: launched by an engine that
          // recorded only a pid).
          List.of(
              "CREATE TABLE launch_specs (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)",
              "ALTER TABLE runs ADD COLUMN launch_spec_id INTEGER",
              "ALTER TABLE runs ADD COLUMN launches INTEGER NOT NULL DEFAULT 0"),
          // 5: tags (RunOptions.tags). runs.tags holds them as given, separated by spaces (a tag
          // has none), so a read needs no join; run_tags indexes them for listing by tag, newest
          // first.
          List.of(
              "ALTER TABLE runs ADD COLUMN tags TEXT",
              "CREATE TABLE run_tags (tag TEXT NOT NULL, run_seq INTEGER NOT NULL, PRIMARY KEY"
                  + " (tag, run_seq)) WITHOUT ROWID"),
          // 6: the queue. priority orders it (higher first, then seq); job_concurrency is the
          // job's own limit as its submitter's descriptor declared it (0: none), so the supervisor
          // needs no job classes to enforce it; rerun_of links a re-run to the run it repeats.
          List.of(
              "ALTER TABLE runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0",
              "ALTER TABLE runs ADD COLUMN job_concurrency INTEGER NOT NULL DEFAULT 0",
              "ALTER TABLE runs ADD COLUMN rerun_of TEXT",
              "CREATE INDEX runs_queue ON runs (priority DESC, seq) WHERE status = 'QUEUED'",
              "CREATE INDEX runs_running_by_job ON runs (job) WHERE status = 'RUNNING'",
              "CREATE INDEX runs_by_rerun_of ON runs (rerun_of) WHERE rerun_of IS NOT NULL"),
          // 7: delayed and expiring runs. A DELAYED run waits for start_at (epoch ms) and is then
          // QUEUED; a run that has never been launched (launches = 0) by expires_at ends EXPIRED.
          // ttl_ms keeps the time to live, so that a reschedule counts it again from the new start.
          List.of(
              "ALTER TABLE runs ADD COLUMN start_at INTEGER",
              "ALTER TABLE runs ADD COLUMN expires_at INTEGER",
              "ALTER TABLE runs ADD COLUMN ttl_ms INTEGER",
              "CREATE INDEX runs_delayed ON runs (start_at) WHERE status = 'DELAYED'",
              "CREATE INDEX runs_expiring ON runs (expires_at) WHERE expires_at IS NOT NULL AND"
                  + " launches = 0 AND status IN ('DELAYED', 'QUEUED')"),
          // 8: when each attempt started and ended (runs.started_at is the current attempt's only).
          // ended_at is when the attempt's process wrote its outcome, else when it was seen gone.
          List.of(
              "CREATE TABLE attempts (run_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at"
                  + " INTEGER NOT NULL, ended_at INTEGER, status TEXT, PRIMARY KEY (run_id,"
                  + " attempt))"),
          // 9: the schedules enabled on the home (LocalSchedules), fired by the supervisor. Each
          // row keeps what a fire's run needs (as a submitted run has it) and last_fire, the fire
          // instant (epoch ms) last handled, run or skipped; a fire's run has the idempotency key
          // schedule:<id>@<instant>, so it is recorded once whatever happens.
          List.of(
              "CREATE TABLE schedules (id TEXT PRIMARY KEY, job TEXT NOT NULL, declared TEXT NOT"
                  + " NULL, cron TEXT NOT NULL, zone TEXT NOT NULL, payload TEXT NOT NULL,"
                  + " catch_up TEXT NOT NULL, max_attempts INTEGER NOT NULL, timeout_ms INTEGER"
                  + " NOT NULL, memory_mib INTEGER NOT NULL, job_concurrency INTEGER NOT NULL,"
                  + " classpath_id INTEGER NOT NULL, launch_spec_id INTEGER NOT NULL, enabled_at"
                  + " INTEGER NOT NULL, last_fire INTEGER)"));

  private StoreSchema() {}

  /** The statements of migration {@code version}, for tests that build an older database. */
  static List<String> migration(int version) {
    return MIGRATIONS.get(version - 1);
  }

  /** The schema version this code writes. */
  static int latest() {
    return MIGRATIONS.size();
  }

  /**
   * Whether {@code home} holds run directories ({@code runs/<id>/}): then an empty database is not
   * a new home but a lost store, and is refused.
   */
  static boolean hasRunDirectories(Path home) {
    Path runs = home.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs, Files::isDirectory)) {
      return entries.iterator().hasNext();
    } catch (IOException e) {
      // Cannot tell: assume there are, so that nothing is initialised over them.
      return true;
    }
  }

  /**
   * Brings the database to {@link #latest()}, in one immediate transaction (safe with other JVMs).
   * Before anything is written it checks, inside that transaction, that the file is a database of
   * ours: one with tables but no {@code schema_version} is foreign, and one without any table (a
   * 0-byte {@code runs.db}, say) is new only if {@code runDirectoriesExist} is false; otherwise the
   * store was lost or replaced, and initialising it would silently forget every run.
   *
   * @throws EngineUnavailableException naming the file and the fix, for a foreign or lost store
   */
  static void migrate(Connection connection, Path file, boolean runDirectoriesExist)
      throws SQLException {
    if (current(connection)) {
      // Nothing to migrate: no write, so opening a home never waits for another writer's lock.
      return;
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      refuseUnlessOurs(statement, file, runDirectoriesExist);
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rows =
          statement.executeQuery("SELECT max(version) AS version FROM schema_version")) {
        if (rows.next()) {
          version = rows.getInt("version");
        }
      }
      if (version > latest()) {
        throw new EngineUnavailableException(
            "The run database "
                + file
                + " has schema version "
                + version
                + ", written by a newer Overtime; this one understands up to version "
                + latest()
                + ". Upgrade overtime-runtime, or use another OVERTIME_HOME.");
      }
      for (int next = version + 1; next <= latest(); next++) {
        for (String sql : MIGRATIONS.get(next - 1)) {
          statement.execute(sql);
        }
        statement.execute("INSERT INTO schema_version (version) VALUES (" + next + ")");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Whether the database already has the latest schema, read without taking any lock. */
  private static boolean current(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT max(version) AS version FROM schema_version")) {
      return rows.next() && rows.getInt("version") == latest();
    } catch (SQLException e) {
      // No schema_version yet (a new or foreign file): the transaction below decides.
      return false;
    }
  }

  /**
   * The same check as {@link #migrate} makes, before anything opens the file in WAL mode (which
   * writes its header): a file that is refused is left byte for byte as it was. Read through a
   * plain connection, which writes nothing to the database file.
   *
   * @throws EngineUnavailableException naming the file and the fix, for a foreign or lost store
   * @throws SQLException when the file is not a SQLite database at all
   */
  static void inspect(Path file, boolean runDirectoriesExist) throws SQLException, IOException {
    if (Files.size(file) == 0) {
      refuse(List.of(), file, runDirectoriesExist);
      return;
    }
    // No pragmas, not even journal_mode, so that nothing is written to a file that is refused.
    // Read-only, so that closing it neither checkpoints a -wal file nor rolls back a hot journal.
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection connection = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement statement = connection.createStatement()) {
      refuseUnlessOurs(statement, file, runDirectoriesExist);
    }
  }

  private static void refuseUnlessOurs(Statement statement, Path file, boolean runDirectoriesExist)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                + " ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString("name"));
      }
    }
    refuse(tables, file, runDirectoriesExist);
  }

  private static void refuse(List<String> tables, Path file, boolean runDirectoriesExist) {
    Path runs = file.resolveSibling("runs");
    if (tables.isEmpty() && runDirectoriesExist) {
      throw new EngineUnavailableException(
          "The run database "
              + file
              + " is empty, but "
              + runs
              + " holds run directories: the store that recorded those runs was lost or"
              + " truncated, so it is not initialised as a new one (that would silently forget"
              + " every run). Restore "
              + file
              + " from a backup; or, to start afresh, move "
              + runs
              + " aside (its runs stay unknown to Overtime) and delete the empty "
              + file.getFileName()
              + ".");
    }
    if (!tables.isEmpty() && !tables.contains("schema_version")) {
      throw new EngineUnavailableException(
          "The file "
              + file
              + " is a SQLite database but not an Overtime run database (its tables: "
              + String.join(", ", tables)
              + "); it was left as it is. Point OVERTIME_HOME at another directory, or move that"
              + " file away if it does not belong there.");
    }
  }
}
