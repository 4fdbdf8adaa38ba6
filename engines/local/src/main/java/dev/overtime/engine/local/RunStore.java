package dev.overtime.engine.local;

import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.StopRequest;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The run records of one {@code OVERTIME_HOME}, in SQLite ({@code runs.db}, WAL mode, readable by
 * its owner only). Every state change is one short statement with a condition on the current state
 * ({@code ... WHERE status = 'RUNNING' AND attempt = ?}), so that several engines, in this JVM or
 * others, never move a run twice: the loser of a race sees zero rows changed.
 *
 * <p>{@code synchronous=NORMAL} in WAL mode: a commit survives the crash of any process; only a
 * power loss or OS crash may lose the last commits. That is the trade for {@code submit} costing
 * tens of microseconds instead of an fsync.
 */
final class RunStore implements AutoCloseable {
  static final String FILE_NAME = "runs.db";

  private static final String COLUMNS =
      "id, job, status, attempt, max_attempts, payload, timeout_ms, memory_mib, classpath_id,"
          + " owner, created_at, not_before, started_at, deadline, finished_at, pid,"
          + " pid_started_at, stop_reason, result, error_type, error_message, failed_starts,"
          + " marks_began";
  private static final String COLUMNS_WITHOUT_PAYLOAD =
      COLUMNS.replace(" payload,", " NULL AS payload,");
  private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING')";

  private final Path file;
  private final Connection connection;
  private final PreparedStatement insert;
  private final PreparedStatement findById;

  private RunStore(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.insert =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO runs (id, job, status, attempt, max_attempts, payload,"
                + " idempotency_key, timeout_ms, memory_mib, classpath_id, owner, created_at,"
                + " not_before) VALUES (?, ?, 'QUEUED', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.findById =
        connection.prepareStatement(
            "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE id = ?");
  }

  /** Opens (creating and migrating if needed) the database in {@code home}. */
  static RunStore open(Path home) {
    Path file = home.resolve(FILE_NAME);
    try {
      createPrivately(home, file);
      SqliteNativeLibrary.useCopyIn(home.resolve("native"));
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(30_000);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try {
        StoreSchema.migrate(connection, file);
        return new RunStore(file, connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new EngineUnavailableException(
          "Cannot open the local run database "
              + file
              + ": "
              + e.getMessage()
              + ". Check that OVERTIME_HOME ("
              + home
              + ") is a writable directory on a local disk.",
          e);
    }
  }

  private static void createPrivately(Path home, Path file) throws IOException {
    boolean posix = home.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(home)) {
      Files.createDirectories(home);
      if (posix) {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      }
    }
    if (posix) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // Opened before: keep it.
      }
    }
  }

  // ---- owners and class paths

  synchronized void registerOwner(String owner, ProcessIdentity process, long now) {
    update(
        "INSERT INTO owners (id, pid, pid_started_at, opened_at) VALUES (?, ?, ?, ?)",
        owner,
        process.pid(),
        process.startMillis(),
        now);
  }

  synchronized void closeOwner(String owner, long now) {
    update("UPDATE owners SET closed_at = ? WHERE id = ?", now, owner);
  }

  /** The process of an engine, if it is registered and was not closed. */
  synchronized Optional<ProcessIdentity> openOwner(String owner) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT pid, pid_started_at FROM owners WHERE id = ? AND closed_at IS NULL")) {
      statement.setString(1, owner);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? Optional.of(new ProcessIdentity(rows.getLong("pid"), rows.getLong("pid_started_at")))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read engine " + owner, e);
    }
  }

  synchronized long classpathId(String classpath) {
    update("INSERT OR IGNORE INTO classpaths (value) VALUES (?)", classpath);
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT id FROM classpaths WHERE value = ?")) {
      statement.setString(1, classpath);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong("id");
      }
    } catch (SQLException e) {
      throw failure("record the class path", e);
    }
  }

  synchronized String classpath(long id) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT value FROM classpaths WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString("value") : null;
      }
    } catch (SQLException e) {
      throw failure("read class path " + id, e);
    }
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
      long createdAt) {}

  /**
   * Inserts the run, or finds the run of the same job with the same idempotency key.
   *
   * @return the record, and whether it was created by this call
   */
  synchronized Submitted insert(NewRun run) {
    try {
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
      if (insert.executeUpdate() == 1) {
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
    } catch (SQLException e) {
      throw failure("record a run of job '" + run.job() + "'", e);
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS_WITHOUT_PAYLOAD
                + " FROM runs WHERE job = ? AND idempotency_key = ?")) {
      statement.setString(1, run.job());
      statement.setString(2, run.idempotencyKey());
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new OvertimeException(
              "Run "
                  + run.id()
                  + " of job '"
                  + run.job()
                  + "' was not recorded and no"
                  + " run with its idempotency key exists; this is a bug, please report it.");
        }
        return new Submitted(read(rows).toRecord(), false);
      }
    } catch (SQLException e) {
      throw failure("find the run of job '" + run.job() + "' with an idempotency key", e);
    }
  }

  record Submitted(RunRecord record, boolean created) {}

  synchronized Optional<StoredRun> find(String id) {
    try {
      findById.setString(1, id);
      try (ResultSet rows = findById.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read run " + id, e);
    }
  }

  /** Newest first, optionally of one job and one status. */
  synchronized List<RunRecord> list(String job, RunStatus status, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE 1 = 1");
    if (job != null) {
      sql.append(" AND job = ?");
    }
    if (status != null) {
      sql.append(" AND status = ?");
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int index = 1;
      if (job != null) {
        statement.setString(index++, job);
      }
      if (status != null) {
        statement.setString(index++, status.name());
      }
      statement.setInt(index, limit);
      List<RunRecord> runs = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          runs.add(read(rows).toRecord());
        }
      }
      return runs;
    } catch (SQLException e) {
      throw failure("list runs", e);
    }
  }

  // ---- scheduling

  /** The owner's queued runs that may start now, oldest first, with their payloads. */
  synchronized List<StoredRun> startable(String owner, long now, int limit) {
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
  synchronized long nextStart(String owner) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT min(not_before) AS next_start FROM runs WHERE owner = ? AND status ="
                + " 'QUEUED'")) {
      statement.setString(1, owner);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong("next_start") : 0;
      }
    } catch (SQLException e) {
      throw failure("read the queue", e);
    }
  }

  /** QUEUED → RUNNING for this attempt; false if someone else moved it first (e.g. a cancel). */
  synchronized boolean claim(String id, int attempt, String owner, long startedAt, long deadline) {
    return update(
            "UPDATE runs SET status = 'RUNNING', started_at = ?, deadline = ?, pid = NULL,"
                + " pid_started_at = NULL, stop_reason = NULL, marks_began = 1 WHERE id = ? AND"
                + " attempt = ? AND owner = ? AND status = 'QUEUED'",
            startedAt,
            deadline,
            id,
            attempt,
            owner)
        == 1;
  }

  synchronized void recordProcess(String id, int attempt, ProcessIdentity process) {
    update(
        "UPDATE runs SET pid = ?, pid_started_at = ? WHERE id = ? AND attempt = ? AND status ="
            + " 'RUNNING'",
        process.pid(),
        process.startMillis(),
        id,
        attempt);
  }

  /** Marks why a RUNNING attempt must stop; false if it is not running or already stopping. */
  synchronized boolean requestStop(String id, int attempt, StopRequest reason) {
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
  synchronized boolean cancelQueued(String id, long now) {
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
  synchronized boolean finish(
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
  synchronized boolean requeue(String id, int attempt, RunError error, long notBefore) {
    return backToQueue("attempt = attempt + 1", id, attempt, error, notBefore);
  }

  /**
   * RUNNING → QUEUED as the same attempt, whose handler never began: counts a failed start and
   * keeps the attempt number, so no retry is used up.
   */
  synchronized boolean startAgain(String id, int attempt, RunError error, long notBefore) {
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

  // ---- recovery

  /** Engines other than {@code self} that own queued or running runs. */
  synchronized List<String> otherOwners(String self) {
    List<String> owners = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT owner FROM runs WHERE " + ACTIVE + " AND owner <> ?")) {
      statement.setString(1, self);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          owners.add(rows.getString("owner"));
        }
      }
    } catch (SQLException e) {
      throw failure("find the engines owning runs", e);
    }
    return owners;
  }

  /** Moves the queued runs of a dead engine to {@code to}; they keep their place in the queue. */
  synchronized int adoptQueued(String from, String to) {
    return update("UPDATE runs SET owner = ? WHERE owner = ? AND status = 'QUEUED'", to, from);
  }

  synchronized List<StoredRun> running(String owner) {
    return query(
        "SELECT "
            + COLUMNS_WITHOUT_PAYLOAD
            + " FROM runs WHERE owner = ? AND status = 'RUNNING'"
            + " ORDER BY seq",
        owner);
  }

  /** Takes over one running run of a dead engine; false if another engine took it first. */
  synchronized boolean adoptRunning(String id, int attempt, String from, String to) {
    return update(
            "UPDATE runs SET owner = ? WHERE id = ? AND attempt = ? AND owner = ? AND status ="
                + " 'RUNNING'",
            to,
            id,
            attempt,
            from)
        == 1;
  }

  // ---- plumbing

  private List<StoredRun> query(String sql, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      List<StoredRun> runs = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          runs.add(read(rows));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw failure("read runs", e);
    }
  }

  private int update(String sql, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
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
        rows.getInt("marks_began") != 0);
  }

  private EngineUnavailableException failure(String action, SQLException e) {
    return new EngineUnavailableException(
        "Could not "
            + action
            + " in the local run database "
            + file
            + ": "
            + e.getMessage()
            + ". If another process holds it locked for long, stop it or use another"
            + " OVERTIME_HOME.",
        e);
  }

  @Override
  public synchronized void close() {
    try {
      insert.close();
      findById.close();
      connection.close();
    } catch (SQLException e) {
      // Closing: nothing left to protect.
    }
  }
}
