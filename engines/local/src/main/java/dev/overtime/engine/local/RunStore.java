package dev.overtime.engine.local;

import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.StopRequest;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The run records of one {@code OVERTIME_HOME}, in SQLite ({@code runs.db}, WAL mode, readable by
 * its owner only). Every state change is one short statement with a condition on the current state
 * ({@code ... WHERE status = 'RUNNING' AND attempt = ?}), so that several engines, in this JVM or
 * others, never move a run twice: the loser of a race sees zero rows changed.
 *
 * <p>{@code synchronous=NORMAL} in WAL mode: a commit survives the crash of any process; only a
 * power loss or OS crash may lose the last commits. That is the trade for {@code submit} costing
 * tens of microseconds instead of an fsync.
 *
 * <p>Two connections: writes go through one, reads through another, so a read never waits behind a
 * write that is itself waiting for another process's lock (WAL readers see the last commit). A
 * failed statement never poisons later ones (see {@link StoreConnection}). A file that is not our
 * database, or an empty one beside existing run directories, is refused (see {@link
 * StoreSchema#migrate}). docs/local-engine.md, "When the store fails", has the whole story.
 */
final class RunStore implements AutoCloseable {
  static final String FILE_NAME = "runs.db";

  /**
   * How long one write waits for another process's write lock before it fails with {@code
   * SQLITE_BUSY}. Short on purpose: a caller (submit, cancel) gets a clear error instead of
   * hanging, and the engine retries what must stick (the end of an attempt) until it does.
   */
  static final Duration WRITE_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long a read waits. In WAL mode a reader never waits for a writer; it waits only while
   * another connection recovers the write-ahead log after a crash, which takes milliseconds.
   */
  static final Duration READ_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private static final String COLUMNS =
      "id, job, status, attempt, max_attempts, payload, timeout_ms, memory_mib, classpath_id,"
          + " owner, created_at, not_before, started_at, deadline, finished_at, pid,"
          + " pid_started_at, stop_reason, result, error_type, error_message, failed_starts,"
          + " marks_began, launch_spec_id, launches";
  private static final String COLUMNS_WITHOUT_PAYLOAD =
      COLUMNS.replace(" payload,", " NULL AS payload,");
  private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING')";
  private static final String INSERT =
      "INSERT OR IGNORE INTO runs (id, job, status, attempt, max_attempts, payload,"
          + " idempotency_key, timeout_ms, memory_mib, classpath_id, owner, created_at,"
          + " not_before, launch_spec_id) VALUES (?, ?, 'QUEUED', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND_BY_ID =
      "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE id = ?";

  private final Path file;

  /** Every write, one at a time. */
  private final StoreConnection writer;

  /** Every read, so that reads never wait behind a write that waits for a lock. */
  private final StoreConnection reader;

  private RunStore(Path file, StoreConnection writer, StoreConnection reader) {
    this.file = file;
    this.writer = writer;
    this.reader = reader;
  }

  /** Opens (creating and migrating if needed) the database in {@code home}. */
  static RunStore open(Path home) {
    return open(home, WRITE_BUSY_TIMEOUT);
  }

  /**
   * Opens the database in {@code home}, writes waiting at most {@code writeBusyTimeout} for a lock.
   *
   * @throws EngineUnavailableException naming the file and the fix when it cannot be opened, is not
   *     a run database, or is empty while the home has run directories
   */
  static RunStore open(Path home, Duration writeBusyTimeout) {
    Path file = home.resolve(FILE_NAME);
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    try {
      createPrivately(home, file);
      SqliteNativeLibrary.useCopyIn(home.resolve("native"));
    } catch (IOException e) {
      throw new EngineUnavailableException(
          "Cannot create the local run database "
              + file
              + ": "
              + e
              + ". Check that OVERTIME_HOME ("
              + home
              + ") is a writable directory on a local disk.",
          e);
    }
    boolean runDirectoriesExist = StoreSchema.hasRunDirectories(home);
    try {
      StoreSchema.inspect(file, runDirectoriesExist);
    } catch (SQLException | IOException e) {
      throw openFailure(home, file, e);
    }
    StoreConnection writer = StoreConnection.writer(url, writeBusyTimeout);
    try {
      StoreSchema.migrate(writer.connection(), file, runDirectoriesExist);
      StoreConnection reader = StoreConnection.reader(url, READ_BUSY_TIMEOUT);
      reader.connection();
      return new RunStore(file, writer, reader);
    } catch (SQLException e) {
      writer.close();
      throw openFailure(home, file, e);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private static EngineUnavailableException openFailure(Path home, Path file, Exception e) {
    int code = e instanceof SQLException sql ? primaryCode(sql) : -1;
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return new EngineUnavailableException(
          "Cannot open the local run database "
              + file
              + ": another process held its write lock for longer than the busy timeout ("
              + e.getMessage()
              + "). Stop whatever holds it (an open sqlite3 session, a backup tool) and try"
              + " again; nothing needs a restart.",
          e);
    }
    if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
      return new EngineUnavailableException(
          "The local run database "
              + file
              + " is damaged or not a SQLite database ("
              + e.getMessage()
              + "); it was left as it is. Restore it from a backup, or move it aside to start an"
              + " empty store (runs recorded in it are then unknown to Overtime; their directories"
              + " under "
              + home.resolve("runs")
              + " stay).",
          e);
    }
    return new EngineUnavailableException(
        "Cannot open the local run database "
            + file
            + ": "
            + e.getMessage()
            + ". Check that OVERTIME_HOME ("
            + home
            + ") is a writable directory on a local disk with free space.",
        e);
  }

  /** Creates the home, or tightens it, to mode 0700. */
  static void ensureHome(Path home) throws IOException {
    PrivateFiles.directory(home);
  }

  private static void createPrivately(Path home, Path file) throws IOException {
    PrivateFiles.directory(home);
    PrivateFiles.file(file);
  }

  // ---- owners and class paths

  void registerOwner(String owner, ProcessIdentity process, long now) {
    update(
        "INSERT INTO owners (id, pid, pid_started_at, opened_at) VALUES (?, ?, ?, ?)",
        owner,
        process.pid(),
        process.startMillis(),
        now);
  }

  void closeOwner(String owner, long now) {
    update("UPDATE owners SET closed_at = ? WHERE id = ?", now, owner);
  }

  /** The process of an engine, if it is registered and was not closed. */
  Optional<ProcessIdentity> openOwner(String owner) {
    return read(
        "read engine " + owner,
        "SELECT pid, pid_started_at FROM owners WHERE id = ? AND closed_at IS NULL",
        rows ->
            rows.next()
                ? Optional.of(
                    new ProcessIdentity(rows.getLong("pid"), rows.getLong("pid_started_at")))
                : Optional.empty(),
        owner);
  }

  long classpathId(String classpath) {
    update("INSERT OR IGNORE INTO classpaths (value) VALUES (?)", classpath);
    return read(
        "record the class path",
        "SELECT id FROM classpaths WHERE value = ?",
        rows -> {
          rows.next();
          return rows.getLong("id");
        },
        classpath);
  }

  String classpath(long id) {
    return read(
        "read class path " + id,
        "SELECT value FROM classpaths WHERE id = ?",
        rows -> rows.next() ? rows.getString("value") : null,
        id);
  }

  // ---- submit and read

  /** A run to insert as QUEUED. */
  record NewRun(
      String id,
      String job,
      int maxAttempts,
      String payload,
      String idempotencyKey,
      long timeoutMillis,
      int memoryMib,
      long classpathId,
      String owner,
      long createdAt,
      long launchSpecId) {}

  /**
   * Inserts the run, or finds the run of the same job with the same idempotency key.
   *
   * @return the record, and whether it was created by this call
   */
  Submitted insert(NewRun run) {
    int inserted;
    try {
      inserted =
          writer.apply(
              INSERT,
              insert -> {
                insert.setString(1, run.id());
                insert.setString(2, run.job());
                insert.setInt(3, run.maxAttempts());
                insert.setString(4, run.payload());
                if (run.idempotencyKey() == null) {
                  insert.setNull(5, Types.VARCHAR);
                } else {
                  insert.setString(5, run.idempotencyKey());
                }
                insert.setLong(6, run.timeoutMillis());
                insert.setInt(7, run.memoryMib());
                insert.setLong(8, run.classpathId());
                insert.setString(9, run.owner());
                insert.setLong(10, run.createdAt());
                insert.setLong(11, run.createdAt());
                insert.setLong(12, run.launchSpecId());
                return insert.executeUpdate();
              });
    } catch (SQLException e) {
      throw failure("record a run of job '" + run.job() + "'", e);
    }
    if (inserted == 1) {
      return new Submitted(
          new RunRecord(
              run.id(),
              run.job(),
              RunStatus.QUEUED,
              1,
              java.time.Instant.ofEpochMilli(run.createdAt()),
              null,
              null,
              null,
              null),
          true);
    }
    StoredRun existing =
        read(
            "find the run of job '" + run.job() + "' with an idempotency key",
            "SELECT "
                + COLUMNS_WITHOUT_PAYLOAD
                + " FROM runs WHERE job = ? AND idempotency_key = ?",
            rows -> rows.next() ? read(rows) : null,
            run.job(),
            run.idempotencyKey());
    if (existing == null) {
      throw new OvertimeException(
          "Run "
              + run.id()
              + " of job '"
              + run.job()
              + "' was not recorded and no"
              + " run with its idempotency key exists; this is a bug, please report it.");
    }
    return new Submitted(existing.toRecord(), false);
  }

  record Submitted(RunRecord record, boolean created) {}

  Optional<StoredRun> find(String id) {
    return read(
        "read run " + id,
        FIND_BY_ID,
        rows -> rows.next() ? Optional.of(read(rows)) : Optional.empty(),
        id);
  }

  /** Newest first, optionally of one job and one status. */
  List<RunRecord> list(String job, RunStatus status, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (job != null) {
      sql.append(" AND job = ?");
      parameters.add(job);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      parameters.add(status.name());
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    parameters.add(limit);
    List<RunRecord> runs = new ArrayList<>();
    for (StoredRun run : query(sql.toString(), parameters.toArray())) {
      runs.add(run.toRecord());
    }
    return runs;
  }

  // ---- scheduling

  /** The owner's queued runs that may start now, oldest first, with their payloads. */
  List<StoredRun> startable(String owner, long now, int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE owner = ? AND status = 'QUEUED' AND not_before <= ?"
            + " ORDER BY seq LIMIT ?",
        owner,
        now,
        limit);
  }

  /** The earliest time a queued run of the owner may start, or 0 when none is queued. */
  long nextStart(String owner) {
    return read(
        "read the queue",
        "SELECT min(not_before) AS next_start FROM runs WHERE owner = ? AND status = 'QUEUED'",
        rows -> rows.next() ? rows.getLong("next_start") : 0L,
        owner);
  }

  /**
   * QUEUED → RUNNING for this attempt, as launch {@code launches + 1}, now owned by {@code owner}
   * (the supervisor); false if someone else moved it first (e.g. a cancel).
   */
  boolean claim(String id, int attempt, String owner, long startedAt, long deadline) {
    return update(
            "UPDATE runs SET status = 'RUNNING', owner = ?, started_at = ?, deadline = ?, pid ="
                + " NULL, pid_started_at = NULL, stop_reason = NULL, marks_began = 1, launches ="
                + " launches + 1 WHERE id = ? AND attempt = ? AND status = 'QUEUED'",
            owner,
            startedAt,
            deadline,
            id,
            attempt)
        == 1;
  }

  void recordProcess(String id, int attempt, ProcessIdentity process) {
    update(
        "UPDATE runs SET pid = ?, pid_started_at = ? WHERE id = ? AND attempt = ? AND status ="
            + " 'RUNNING'",
        process.pid(),
        process.startMillis(),
        id,
        attempt);
  }

  /** Marks why a RUNNING attempt must stop; false if it is not running or already stopping. */
  boolean requestStop(String id, int attempt, StopRequest reason) {
    if (reason == StopRequest.NONE) {
      throw new IllegalArgumentException("requestStop needs CANCEL or TIMEOUT");
    }
    return update(
            "UPDATE runs SET stop_reason = ? WHERE id = ? AND attempt = ? AND status = 'RUNNING'"
                + " AND stop_reason IS NULL",
            reason.name(),
            id,
            attempt)
        == 1;
  }

  /** QUEUED → CANCELLED; false if it already started or ended. */
  boolean cancelQueued(String id, long now) {
    RunError error = new RunError(ErrorCode.CANCELLED.id(), "Cancelled before it started");
    return update(
            "UPDATE runs SET status = 'CANCELLED', finished_at = ?, error_type = ?, error_message ="
                + " ? WHERE id = ? AND status = 'QUEUED'",
            now,
            error.type(),
            error.message(),
            id)
        == 1;
  }

  /** RUNNING → a terminal status, once per attempt. */
  boolean finish(
      String id, int attempt, RunStatus status, String result, RunError error, long now) {
    return update(
            "UPDATE runs SET status = ?, finished_at = ?, result = ?, error_type = ?, error_message"
                + " = ? WHERE id = ? AND attempt = ? AND status = 'RUNNING'",
            status.name(),
            now,
            result,
            error == null ? null : error.type(),
            error == null ? null : error.message(),
            id,
            attempt)
        == 1;
  }

  /** RUNNING → QUEUED as the next attempt, not before {@code notBefore}. */
  boolean requeue(String id, int attempt, RunError error, long notBefore) {
    return backToQueue("attempt = attempt + 1", id, attempt, error, notBefore);
  }

  /**
   * RUNNING → QUEUED as the same attempt, whose handler never began: counts a failed start and
   * keeps the attempt number, so no retry is used up.
   */
  boolean startAgain(String id, int attempt, RunError error, long notBefore) {
    return backToQueue("failed_starts = failed_starts + 1", id, attempt, error, notBefore);
  }

  private boolean backToQueue(
      String counted, String id, int attempt, RunError error, long notBefore) {
    return update(
            "UPDATE runs SET status = 'QUEUED', "
                + counted
                + ", marks_began = 0, not_before = ?, started_at = NULL, deadline = NULL, pid ="
                + " NULL, pid_started_at = NULL, stop_reason = NULL, error_type = ?, error_message"
                + " = ? WHERE id = ? AND attempt = ? AND status = 'RUNNING'",
            notBefore,
            error.type(),
            error.message(),
            id,
            attempt)
        == 1;
  }

  // ---- attempt spans (RunDetails.attempts): informational, recorded after each transition

  /** Attempt {@code attempt} started (again, for a start that never reached its handler). */
  void attemptStarted(String id, int attempt, long startedAt) {
    update(
        "INSERT INTO attempts (run_id, attempt, started_at) VALUES (?, ?, ?) ON CONFLICT (run_id,"
            + " attempt) DO UPDATE SET started_at = excluded.started_at, ended_at = NULL, status ="
            + " NULL",
        id,
        attempt,
        startedAt);
  }

  /** Attempt {@code attempt} ended at {@code endedAt}, as {@code status}; once. */
  void attemptEnded(String id, int attempt, long endedAt, RunStatus status) {
    update(
        "UPDATE attempts SET ended_at = ?, status = ? WHERE run_id = ? AND attempt = ? AND"
            + " ended_at IS NULL",
        endedAt,
        status.name(),
        id,
        attempt);
  }

  /** The run's attempts, first to last. */
  List<AttemptSpan> attemptSpans(String id) {
    return read(
        "read the attempts of run " + id,
        "SELECT attempt, started_at, ended_at, status FROM attempts WHERE run_id = ? ORDER BY"
            + " attempt",
        rows -> {
          List<AttemptSpan> spans = new ArrayList<>();
          while (rows.next()) {
            long ended = rows.getLong("ended_at");
            String status = rows.getString("status");
            spans.add(
                new AttemptSpan(
                    rows.getInt("attempt"),
                    Instant.ofEpochMilli(rows.getLong("started_at")),
                    ended == 0 ? null : Instant.ofEpochMilli(ended),
                    status == null ? null : RunStatus.valueOf(status)));
          }
          return spans;
        },
        id);
  }

  /** The run as a record with its attempt spans, for reads of one run. */
  Optional<RunRecord> findWithAttempts(String id) {
    return find(id).map(this::withAttempts);
  }

  RunRecord withAttempts(StoredRun run) {
    RunRecord record = run.toRecord();
    List<AttemptSpan> spans;
    try {
      spans = attemptSpans(run.id());
    } catch (RuntimeException e) {
      // A read-only open of a store an older engine wrote has no attempts table yet; the spans
      // are a detail, never a reason to fail reading the run.
      return record;
    }
    return spans.isEmpty()
        ? record
        : record.withDetails(record.details().toBuilder().attempts(spans).build());
  }

  // ---- recovery

  /** Engines other than {@code self} that own queued or running runs. */
  List<String> otherOwners(String self) {
    return read(
        "find the engines owning runs",
        "SELECT DISTINCT owner FROM runs WHERE " + ACTIVE + " AND owner <> ?",
        rows -> {
          List<String> owners = new ArrayList<>();
          while (rows.next()) {
            owners.add(rows.getString("owner"));
          }
          return owners;
        },
        self);
  }

  /** Moves the queued runs of a dead engine to {@code to}; they keep their place in the queue. */
  int adoptQueued(String from, String to) {
    return update("UPDATE runs SET owner = ? WHERE owner = ? AND status = 'QUEUED'", to, from);
  }

  List<StoredRun> running(String owner) {
    return query(
        "SELECT "
            + COLUMNS_WITHOUT_PAYLOAD
            + " FROM runs WHERE owner = ? AND status = 'RUNNING'"
            + " ORDER BY seq",
        owner);
  }

  /** Takes over one running run of a dead engine; false if another engine took it first. */
  boolean adoptRunning(String id, int attempt, String from, String to) {
    return update(
            "UPDATE runs SET owner = ? WHERE id = ? AND attempt = ? AND owner = ? AND status ="
                + " 'RUNNING'",
            to,
            id,
            attempt,
            from)
        == 1;
  }

  // ---- the supervisor (one per home: it launches every owner's runs)

  long launchSpecId(String spec) {
    update("INSERT OR IGNORE INTO launch_specs (value) VALUES (?)", spec);
    return read(
        "record the launch spec",
        "SELECT id FROM launch_specs WHERE value = ?",
        rows -> {
          if (!rows.next()) {
            throw new SQLException("the launch spec just recorded is not there");
          }
          return rows.getLong("id");
        },
        spec);
  }

  String launchSpec(long id) {
    return read(
        "read launch spec " + id,
        "SELECT value FROM launch_specs WHERE id = ?",
        rows -> rows.next() ? rows.getString("value") : null,
        id);
  }

  /** Queued runs of any owner that may start now, oldest first, with their payloads. */
  List<StoredRun> startableByAnyone(long now, int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE status = 'QUEUED' AND not_before <= ? ORDER BY seq LIMIT ?",
        now,
        limit);
  }

  /** The earliest time any queued run may start, or 0 when none is queued. */
  long nextStartOfAnyone() {
    return read(
        "read the queue",
        "SELECT min(not_before) AS next_start FROM runs WHERE status = 'QUEUED'",
        rows -> rows.next() ? rows.getLong("next_start") : 0L);
  }

  /** Every RUNNING run, whoever launched it. */
  List<StoredRun> allRunning() {
    return query(
        "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE status = 'RUNNING' ORDER BY seq");
  }

  /** How many runs are queued and running: {@code [queued, running]}. */
  int[] activeCounts() {
    return read(
        "count active runs",
        "SELECT sum(status = 'QUEUED') AS queued, sum(status = 'RUNNING') AS running FROM runs"
            + " WHERE "
            + ACTIVE,
        rows ->
            rows.next()
                ? new int[] {rows.getInt("queued"), rows.getInt("running")}
                : new int[] {0, 0});
  }

  /** Running runs with a stop requested (cancel or timeout), for the supervisor to signal. */
  List<StoredRun> stopping() {
    return query(
        "SELECT "
            + COLUMNS_WITHOUT_PAYLOAD
            + " FROM runs WHERE status = 'RUNNING' AND stop_reason IS NOT NULL ORDER BY seq");
  }

  /** Makes {@code owner} the owner of a RUNNING attempt (the supervisor that watches it). */
  boolean takeRunning(String id, int attempt, String owner) {
    return update(
            "UPDATE runs SET owner = ? WHERE id = ? AND attempt = ? AND status = 'RUNNING'",
            owner,
            id,
            attempt)
        == 1;
  }

  /**
   * Opens {@code home}'s database for reading only: nothing is created, migrated or changed. Empty
   * when there is no database yet.
   */
  static Optional<RunStore> openReadOnly(Path home) {
    Path file = home.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    boolean runDirectoriesExist = StoreSchema.hasRunDirectories(home);
    try {
      if (Files.size(file) == 0 && !runDirectoriesExist) {
        return Optional.empty(); // a home whose store was never written: no runs yet
      }
      // The same refusals as a writer's open: an empty or foreign file is never read as "no runs".
      StoreSchema.inspect(file, runDirectoriesExist);
    } catch (SQLException | IOException e) {
      throw openFailure(home, file, e);
    }
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    StoreConnection connection = StoreConnection.readOnly(url, READ_BUSY_TIMEOUT);
    try {
      connection.connection();
    } catch (SQLException e) {
      connection.close();
      throw new EngineUnavailableException(
          "Cannot read the local run database " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(new RunStore(file, connection, connection));
  }

  // ---- plumbing

  /** Rows as they are read from a result set. */
  @FunctionalInterface
  private interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** One query on the reader connection, which never waits for a writer. */
  private <T> T read(String action, String sql, Rows<T> reading, Object... parameters) {
    try {
      return reader.apply(
          sql,
          statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
              return reading.read(rows);
            }
          });
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  private List<StoredRun> query(String sql, Object... parameters) {
    return read(
        "read runs",
        sql,
        rows -> {
          List<StoredRun> runs = new ArrayList<>();
          while (rows.next()) {
            runs.add(read(rows));
          }
          return runs;
        },
        parameters);
  }

  /** One statement on the writer connection, in its own transaction; the rows it changed. */
  private int update(String sql, Object... parameters) {
    try {
      return writer.apply(
          sql,
          statement -> {
            bind(statement, parameters);
            return statement.executeUpdate();
          });
    } catch (SQLException e) {
      throw failure("update runs", e);
    }
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }

  /**
   * One row, by column name: a query may select the columns in any order (and without the payload).
   */
  private static StoredRun read(ResultSet rows) throws SQLException {
    String stop = rows.getString("stop_reason");
    return new StoredRun(
        rows.getString("id"),
        rows.getString("job"),
        RunStatus.valueOf(rows.getString("status")),
        rows.getInt("attempt"),
        rows.getInt("max_attempts"),
        rows.getString("payload"),
        rows.getLong("timeout_ms"),
        rows.getInt("memory_mib"),
        rows.getLong("classpath_id"),
        rows.getString("owner"),
        rows.getLong("created_at"),
        rows.getLong("not_before"),
        rows.getLong("started_at"),
        rows.getLong("deadline"),
        rows.getLong("finished_at"),
        rows.getLong("pid"),
        rows.getLong("pid_started_at"),
        stop == null ? StopRequest.NONE : StopRequest.valueOf(stop),
        rows.getString("result"),
        rows.getString("error_type"),
        rows.getString("error_message"),
        rows.getInt("failed_starts"),
        rows.getInt("marks_began") != 0,
        rows.getLong("launch_spec_id"),
        rows.getInt("launches"));
  }

  private EngineUnavailableException failure(String action, SQLException e) {
    int code = primaryCode(e);
    String fix;
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      fix =
          "Another process held it locked for longer than "
              + WRITE_BUSY_TIMEOUT.toSeconds()
              + " s; if that goes on, stop it or use another OVERTIME_HOME.";
    } else if (code == SQLiteErrorCode.SQLITE_FULL.code) {
      fix = "The disk holding it is full; free space (no restart is needed).";
    } else if (code == SQLiteErrorCode.SQLITE_READONLY.code
        || code == SQLiteErrorCode.SQLITE_IOERR.code
        || code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      fix =
          "Check that it, its -wal and -shm files and their directory are writable by this user"
              + " and the disk is healthy.";
    } else {
      fix = "See docs/local-engine.md, \"When the store fails\".";
    }
    return new EngineUnavailableException(
        "Could not "
            + action
            + " in the local run database "
            + file
            + ": "
            + e.getMessage()
            + ". "
            + fix,
        e);
  }

  /** The primary SQLite result code of {@code e}, or -1 when it is not one of SQLite's. */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
      return sqlite.getResultCode().code & 0xff;
    }
    return -1;
  }

  @Override
  public void close() {
    reader.close();
    writer.close();
  }
}
