package dev.overtime.engine.local;

import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.StopRequest;
import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.ScheduledFire;
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
          + " marks_began, launch_spec_id, launches, tags, priority, job_concurrency, rerun_of,"
          + " start_at, expires_at, idempotency_key";
  private static final String COLUMNS_WITHOUT_PAYLOAD =
      COLUMNS.replace(" payload,", " NULL AS payload,");
  private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING')";
  private static final String INSERT =
      "INSERT OR IGNORE INTO runs (id, job, status, attempt, max_attempts, payload,"
          + " idempotency_key, timeout_ms, memory_mib, classpath_id, owner, created_at, not_before,"
          + " launch_spec_id, tags, priority, job_concurrency, rerun_of, start_at, expires_at,"
          + " ttl_ms) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TAG =
      "INSERT OR IGNORE INTO run_tags (tag, run_seq) SELECT ?, seq FROM runs WHERE id = ?";
  private static final String FIND_BY_KEY =
      "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE job = ? AND idempotency_key = ?";

  /**
   * A run launched before never expires; one never launched is claimed only before its expiry (the
   * claim's time is bound to the one parameter), so an expired run never starts, even when a slot
   * frees at the instant it expires.
   */
  private static final String NOT_EXPIRED =
      "(expires_at IS NULL OR launches > 0 OR expires_at > ?)";

  private static final String FIND_BY_ID =
      "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE id = ?";

  /** Where the copies of the SQLite native library live, under the home. */
  static final String NATIVE_DIRECTORY = "native";

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
      SqliteNativeLibrary.useCopyIn(home.resolve(NATIVE_DIRECTORY));
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
      long launchSpecId,
      List<String> tags,
      Queueing queueing,
      Waiting waiting) {

    NewRun {
      tags = tags == null ? List.of() : List.copyOf(tags);
      queueing = queueing == null ? Queueing.DEFAULT : queueing;
      waiting = waiting == null ? Waiting.NONE : waiting;
    }

    /** A run with tags, queued as {@code queueing} says, that may start at once. */
    NewRun(
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
        long launchSpecId,
        List<String> tags,
        Queueing queueing) {
      this(
          id,
          job,
          maxAttempts,
          payload,
          idempotencyKey,
          timeoutMillis,
          memoryMib,
          classpathId,
          owner,
          createdAt,
          launchSpecId,
          tags,
          queueing,
          Waiting.NONE);
    }

    /** This run, waiting as {@code waiting} says. */
    NewRun withWaiting(Waiting waiting) {
      return new NewRun(
          id,
          job,
          maxAttempts,
          payload,
          idempotencyKey,
          timeoutMillis,
          memoryMib,
          classpathId,
          owner,
          createdAt,
          launchSpecId,
          tags,
          queueing,
          waiting);
    }

    /** DELAYED when its start time is still to come, else QUEUED. */
    RunStatus status() {
      return waiting.statusAt(createdAt);
    }

    /** When it expires if never launched (epoch ms), 0 for never. */
    long expiresAt() {
      return waiting.expiresAt(createdAt);
    }

    /** A run with tags and the defaults of the queue. */
    NewRun(
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
        long launchSpecId,
        List<String> tags) {
      this(
          id,
          job,
          maxAttempts,
          payload,
          idempotencyKey,
          timeoutMillis,
          memoryMib,
          classpathId,
          owner,
          createdAt,
          launchSpecId,
          tags,
          Queueing.DEFAULT);
    }

    /** A run without tags, queued as {@code queueing} says. */
    NewRun(
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
        long launchSpecId,
        Queueing queueing) {
      this(
          id,
          job,
          maxAttempts,
          payload,
          idempotencyKey,
          timeoutMillis,
          memoryMib,
          classpathId,
          owner,
          createdAt,
          launchSpecId,
          List.of(),
          queueing);
    }

    /** A run without tags, with the defaults of the queue: priority 0, no per-job limit. */
    NewRun(
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
        long launchSpecId) {
      this(
          id,
          job,
          maxAttempts,
          payload,
          idempotencyKey,
          timeoutMillis,
          memoryMib,
          classpathId,
          owner,
          createdAt,
          launchSpecId,
          List.of(),
          Queueing.DEFAULT);
    }
  }

  /**
   * Where a new run goes in the queue: its priority (higher first), its job's own limit of running
   * runs (0: none) and the run it re-runs (null: none).
   */
  record Queueing(int priority, int jobConcurrency, String rerunOf) {
    static final Queueing DEFAULT = new Queueing(0, 0, null);

    /** What a run's record shows of them: its priority and the run it re-runs. */
    RunDetails details() {
      if (priority == 0 && rerunOf == null) {
        return RunDetails.none();
      }
      return RunDetails.builder().priority(priority).rerunOf(rerunOf).build();
    }
  }

  /**
   * When a new run may start and how long it may wait: {@code startAt} (epoch ms, 0 for at once; a
   * time that has come queues it at once), {@code timeToLiveMillis} (0 for no limit), counted from
   * {@code startAt} or, without one, from the run's creation.
   */
  record Waiting(long startAt, long timeToLiveMillis) {
    static final Waiting NONE = new Waiting(0, 0);

    RunStatus statusAt(long createdAt) {
      return startAt > createdAt ? RunStatus.DELAYED : RunStatus.QUEUED;
    }

    long expiresAt(long createdAt) {
      return timeToLiveMillis == 0 ? 0 : Math.max(startAt, createdAt) + timeToLiveMillis;
    }
  }

  /** {@link #insert(NewRun)}, for a run that may wait for a start time or expire. */
  Submitted insert(NewRun run, Waiting waiting) {
    return insert(run.withWaiting(waiting));
  }

  /**
   * Inserts the run, or finds the run of the same job with the same idempotency key.
   *
   * @return the record, and whether it was created by this call
   */
  Submitted insert(NewRun run) {
    if (!run.tags().isEmpty()) {
      // The run and its tag index in one transaction: never a run without its tags.
      return insertAll(List.of(run)).get(0);
    }
    int inserted;
    try {
      inserted = writer.apply(INSERT, insert -> insertRow(insert, run));
    } catch (SQLException e) {
      throw failure("record a run of job '" + run.job() + "'", e);
    }
    if (inserted == 1) {
      return new Submitted(queued(run), true);
    }
    StoredRun existing =
        read(
            "find the run of job '" + run.job() + "' with an idempotency key",
            FIND_BY_KEY,
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

  /**
   * Inserts a batch in one transaction: all runs or none. Each run follows the idempotency rule of
   * {@link #insert}; a run whose job and key an earlier run of the batch used is that run (read in
   * the same transaction, so it sees the batch's own rows).
   *
   * @return for each run, in order, its record and whether this call created it
   */
  List<Submitted> insertAll(List<NewRun> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    try {
      return writer.inTransaction(
          () -> {
            List<Submitted> submitted = new ArrayList<>(runs.size());
            for (NewRun run : runs) {
              if (writer.apply(INSERT, insert -> insertRow(insert, run)) == 1) {
                for (String tag : run.tags()) {
                  writer.apply(
                      INSERT_TAG,
                      insertTag -> {
                        insertTag.setString(1, tag);
                        insertTag.setString(2, run.id());
                        return insertTag.executeUpdate();
                      });
                }
                submitted.add(new Submitted(queued(run), true));
              } else {
                submitted.add(new Submitted(existingInTransaction(run), false));
              }
            }
            return submitted;
          });
    } catch (SQLException e) {
      throw failure(
          "record a batch of " + runs.size() + " runs of job '" + runs.get(0).job() + "'", e);
    }
  }

  private RunRecord existingInTransaction(NewRun run) throws SQLException {
    StoredRun existing =
        writer.apply(
            FIND_BY_KEY,
            find -> {
              find.setString(1, run.job());
              find.setString(2, run.idempotencyKey());
              try (ResultSet rows = find.executeQuery()) {
                return rows.next() ? read(rows) : null;
              }
            });
    if (existing == null) {
      // Rolls the batch back: the caller learns nothing was recorded.
      throw new OvertimeException(
          "Run "
              + run.id()
              + " of job '"
              + run.job()
              + "' was not recorded and no"
              + " run with its idempotency key exists; this is a bug, please report it.");
    }
    return existing.toRecord();
  }

  private static int insertRow(PreparedStatement insert, NewRun run) throws SQLException {
    insert.setString(1, run.id());
    insert.setString(2, run.job());
    insert.setString(3, run.status().name());
    insert.setInt(4, run.maxAttempts());
    insert.setString(5, run.payload());
    if (run.idempotencyKey() == null) {
      insert.setNull(6, Types.VARCHAR);
    } else {
      insert.setString(6, run.idempotencyKey());
    }
    insert.setLong(7, run.timeoutMillis());
    insert.setInt(8, run.memoryMib());
    insert.setLong(9, run.classpathId());
    insert.setString(10, run.owner());
    insert.setLong(11, run.createdAt());
    insert.setLong(12, Math.max(run.createdAt(), run.waiting().startAt()));
    insert.setLong(13, run.launchSpecId());
    if (run.tags().isEmpty()) {
      insert.setNull(14, Types.VARCHAR);
    } else {
      insert.setString(14, String.join(" ", run.tags()));
    }
    insert.setInt(15, run.queueing().priority());
    insert.setInt(16, run.queueing().jobConcurrency());
    if (run.queueing().rerunOf() == null) {
      insert.setNull(17, Types.VARCHAR);
    } else {
      insert.setString(17, run.queueing().rerunOf());
    }
    setOptional(insert, 18, run.waiting().startAt());
    setOptional(insert, 19, run.expiresAt());
    setOptional(insert, 20, run.waiting().timeToLiveMillis());
    return insert.executeUpdate();
  }

  private static RunRecord queued(NewRun run) {
    RunRecord record =
        new RunRecord(
            run.id(),
            run.job(),
            run.status(),
            1,
            Instant.ofEpochMilli(run.createdAt()),
            null,
            null,
            null,
            null);
    RunDetails.Builder details = run.queueing().details().toBuilder().tags(run.tags());
    if (run.waiting().startAt() != 0) {
      details.startAt(Instant.ofEpochMilli(run.waiting().startAt()));
    }
    if (run.expiresAt() != 0) {
      details.expiresAt(Instant.ofEpochMilli(run.expiresAt()));
    }
    ScheduledFire.fromIdempotencyKey(run.idempotencyKey())
        .ifPresent(fire -> details.schedule(fire.schedule(), fire.fireTime()));
    return record.withDetails(details.build());
  }

  /**
   * Inserts run {@code id} as QUEUED, a copy of run {@code originalId} (job, payload, attempts,
   * timeout, memory, class path, launch spec, priority, per-job limit) re-running it; one
   * statement, so the payload is copied as stored.
   */
  RunRecord insertRerun(String originalId, String id, String owner, long now) {
    int inserted =
        update(
            "INSERT INTO runs (id, job, status, attempt, max_attempts, payload, timeout_ms,"
                + " memory_mib, classpath_id, owner, created_at, not_before, launch_spec_id,"
                + " priority, job_concurrency, rerun_of) SELECT ?, job, 'QUEUED', 1,"
                + " max_attempts, payload, timeout_ms, memory_mib, classpath_id, ?, ?, ?,"
                + " launch_spec_id, priority, job_concurrency, id FROM runs WHERE id = ?",
            id,
            owner,
            now,
            now,
            originalId);
    if (inserted != 1) {
      throw new OvertimeException(
          "Run " + originalId + " was not found to re-run; pass the id of an existing run.");
    }
    return find(id)
        .orElseThrow(() -> new OvertimeException("Re-run " + id + " vanished; please report it."))
        .toRecord();
  }

  Optional<StoredRun> find(String id) {
    return read(
        "read run " + id,
        FIND_BY_ID,
        rows -> rows.next() ? Optional.of(read(rows)) : Optional.empty(),
        id);
  }

  /** Newest first, optionally of one job and one status. */
  List<RunRecord> list(String job, RunStatus status, int limit) {
    return list(job, status, null, limit);
  }

  /**
   * Newest first, optionally of one job, one status and carrying one tag (through the {@code
   * run_tags} index, newest first, so a tag on few runs of many is found without a scan).
   */
  List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM runs WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (tag != null) {
      sql.append(" AND seq IN (SELECT run_seq FROM run_tags WHERE tag = ?)");
      parameters.add(tag);
    }
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
                + " launches + 1 WHERE id = ? AND attempt = ? AND status = 'QUEUED' AND "
                + NOT_EXPIRED,
            owner,
            startedAt,
            deadline,
            id,
            attempt,
            startedAt)
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

  /** DELAYED or QUEUED → CANCELLED; false if it already started or ended. */
  boolean cancelQueued(String id, long now) {
    RunError error = new RunError(ErrorCode.CANCELLED.id(), "Cancelled before it started");
    return update(
            "UPDATE runs SET status = 'CANCELLED', finished_at = ?, error_type = ?, error_message ="
                + " ? WHERE id = ? AND status IN ('DELAYED', 'QUEUED')",
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

  /**
   * Queued runs of any owner that may start now, in the queue's order (priority, higher first, then
   * FIFO), leaving out those whose job already runs as many runs as its own limit allows; with
   * their payloads. {@link RunQueue} pages through it.
   */
  List<StoredRun> startableInQueueOrder(long now, int limit, int offset) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM runs q WHERE status = 'QUEUED' AND not_before <= ? AND (job_concurrency = 0"
            + " OR job_concurrency > (SELECT count(*) FROM runs r WHERE r.job = q.job AND"
            + " r.status = 'RUNNING')) ORDER BY priority DESC, seq LIMIT ? OFFSET ?",
        now,
        limit,
        offset);
  }

  /** How many runs of {@code job} are RUNNING, whoever launched them. */
  int runningOf(String job) {
    return read(
        "count the running runs of job '" + job + "'",
        "SELECT count(*) AS running FROM runs WHERE job = ? AND status = 'RUNNING'",
        rows -> rows.next() ? rows.getInt("running") : 0,
        job);
  }

  /** The ids of the runs that re-run {@code id}, oldest first. */
  List<String> rerunsOf(String id) {
    return read(
        "find the re-runs of run " + id,
        "SELECT id FROM runs WHERE rerun_of = ? ORDER BY seq",
        rows -> {
          List<String> ids = new ArrayList<>();
          while (rows.next()) {
            ids.add(rows.getString("id"));
          }
          return ids;
        },
        id);
  }

  /** The stored payload of run {@code id}, if the run exists. */
  Optional<String> payload(String id) {
    return read(
        "read the payload of run " + id,
        "SELECT payload FROM runs WHERE id = ?",
        rows -> rows.next() ? Optional.of(rows.getString("payload")) : Optional.empty(),
        id);
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

  /** How many runs are queued, running and delayed: {@code [queued, running, delayed]}. */
  int[] activeCounts() {
    return read(
        "count active runs",
        "SELECT sum(status = 'QUEUED') AS queued, sum(status = 'RUNNING') AS running,"
            + " sum(status = 'DELAYED') AS delayed FROM runs WHERE status IN ('QUEUED', 'RUNNING',"
            + " 'DELAYED')",
        rows ->
            rows.next()
                ? new int[] {rows.getInt("queued"), rows.getInt("running"), rows.getInt("delayed")}
                : new int[] {0, 0, 0});
  }

  // ---- schedules (see LocalSchedules and ScheduleFires)

  private static final String SCHEDULE_COLUMNS =
      "id, job, declared, cron, zone, payload, catch_up, max_attempts, timeout_ms, memory_mib,"
          + " job_concurrency, classpath_id, launch_spec_id, enabled_at, last_fire";

  /**
   * Enables the schedules, in one transaction. A schedule enabled already keeps when it was enabled
   * and its last fire, so enabling again never fires twice; what a fire runs is replaced.
   */
  void putSchedules(List<StoredSchedule> schedules) {
    try {
      writer.inTransaction(
          () -> {
            for (StoredSchedule schedule : schedules) {
              writer.apply(
                  "INSERT INTO schedules ("
                      + SCHEDULE_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(id)"
                      + " DO UPDATE SET job = excluded.job, declared = excluded.declared, cron ="
                      + " excluded.cron, zone = excluded.zone, payload = excluded.payload, catch_up"
                      + " = excluded.catch_up, max_attempts = excluded.max_attempts, timeout_ms ="
                      + " excluded.timeout_ms, memory_mib = excluded.memory_mib, job_concurrency ="
                      + " excluded.job_concurrency, classpath_id = excluded.classpath_id,"
                      + " launch_spec_id = excluded.launch_spec_id",
                  statement -> {
                    bind(
                        statement,
                        schedule.id(),
                        schedule.job(),
                        schedule.declared(),
                        schedule.cron(),
                        schedule.zone(),
                        schedule.payload(),
                        schedule.catchUp().name(),
                        schedule.maxAttempts(),
                        schedule.timeoutMillis(),
                        schedule.memoryMib(),
                        schedule.jobConcurrency(),
                        schedule.classpathId(),
                        schedule.launchSpecId(),
                        schedule.enabledAt());
                    return statement.executeUpdate();
                  });
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("enable " + schedules.size() + " schedule(s)", e);
    }
  }

  /**
   * Disables the schedules with these ids (all when {@code ids} is null); how many were enabled.
   */
  int deleteSchedules(List<String> ids) {
    if (ids == null) {
      return update("DELETE FROM schedules");
    }
    int deleted = 0;
    for (String id : ids) {
      deleted += update("DELETE FROM schedules WHERE id = ?", id);
    }
    return deleted;
  }

  /** The enabled schedules, by id. */
  List<StoredSchedule> schedules() {
    return read(
        "read the schedules",
        "SELECT " + SCHEDULE_COLUMNS + " FROM schedules ORDER BY id",
        rows -> {
          List<StoredSchedule> schedules = new ArrayList<>();
          while (rows.next()) {
            schedules.add(
                new StoredSchedule(
                    rows.getString("id"),
                    rows.getString("job"),
                    rows.getString("declared"),
                    rows.getString("cron"),
                    rows.getString("zone"),
                    rows.getString("payload"),
                    CatchUp.valueOf(rows.getString("catch_up")),
                    rows.getInt("max_attempts"),
                    rows.getLong("timeout_ms"),
                    rows.getInt("memory_mib"),
                    rows.getInt("job_concurrency"),
                    rows.getLong("classpath_id"),
                    rows.getLong("launch_spec_id"),
                    rows.getLong("enabled_at"),
                    rows.getLong("last_fire")));
          }
          return schedules;
        });
  }

  /**
   * Handles the fire of {@code schedule} at {@code fireAt}, in one transaction: moves its last fire
   * there, unless it was handled already (by this or another supervisor, before a crash) or the
   * schedule was disabled or enabled again meanwhile, and records {@code run} (null for a fire that
   * is skipped). A run with the fire's idempotency key that exists already is kept as it is.
   *
   * @return the fire's run if this call recorded it, else empty
   */
  Optional<RunRecord> fire(StoredSchedule schedule, long fireAt, NewRun run) {
    try {
      return writer.inTransaction(
          () -> {
            int moved =
                writer.apply(
                    "UPDATE schedules SET last_fire = ? WHERE id = ? AND enabled_at = ? AND"
                        + " (last_fire IS NULL OR last_fire < ?)",
                    statement -> {
                      bind(statement, fireAt, schedule.id(), schedule.enabledAt(), fireAt);
                      return statement.executeUpdate();
                    });
            if (moved == 0 || run == null) {
              return Optional.<RunRecord>empty();
            }
            int inserted = writer.apply(INSERT, insert -> insertRow(insert, run));
            return inserted == 1 ? Optional.of(queued(run)) : Optional.<RunRecord>empty();
          });
    } catch (SQLException e) {
      throw failure("record a fire of schedule " + schedule.id(), e);
    }
  }

  /**
   * {@link #schedules()}, or none on a database opened read-only that predates schedules (a
   * read-only store is not migrated).
   */
  List<StoredSchedule> schedulesIfAny() {
    boolean present =
        read(
            "read the schedules",
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name ="
                + " 'schedules') AS present",
            rows -> rows.next() && rows.getInt("present") != 0);
    return present ? schedules() : List.of();
  }

  /** Whether any schedule is enabled: the supervisor then stays up to fire it. */
  boolean hasSchedules() {
    return read(
        "read the schedules",
        "SELECT EXISTS (SELECT 1 FROM schedules) AS any_schedule",
        rows -> rows.next() && rows.getInt("any_schedule") != 0);
  }

  // ---- delayed and expiring runs (see WaitingRuns)

  /**
   * Every run never launched whose expiry has come, DELAYED or QUEUED → EXPIRED; how many. Each row
   * is conditional on its state, so a run claimed meanwhile is not touched.
   */
  int expire(long now) {
    RunError error =
        new RunError(ErrorCode.EXPIRED.id(), "Not started within its time to live; it never ran");
    return update(
        "UPDATE runs SET status = 'EXPIRED', finished_at = ?, error_type = ?, error_message = ?"
            + " WHERE status IN ('DELAYED', 'QUEUED') AND launches = 0 AND expires_at IS NOT NULL"
            + " AND expires_at <= ?",
        now,
        error.type(),
        error.message(),
        now);
  }

  /** Every DELAYED run whose start time has come → QUEUED; how many. */
  int promoteDue(long now) {
    return update(
        "UPDATE runs SET status = 'QUEUED' WHERE status = 'DELAYED' AND start_at <= ?", now);
  }

  /**
   * The next time a delayed run is due or a waiting run expires, or 0 when there is none: when the
   * supervisor must wake even with nobody watching.
   */
  long nextWaitingEvent() {
    return read(
        "read the delayed runs",
        "SELECT min(t) AS next_event FROM (SELECT min(start_at) AS t FROM runs WHERE status ="
            + " 'DELAYED' UNION ALL SELECT min(expires_at) AS t FROM runs WHERE expires_at IS NOT"
            + " NULL AND launches = 0 AND status IN ('DELAYED', 'QUEUED'))",
        rows -> rows.next() ? rows.getLong("next_event") : 0L);
  }

  /**
   * Moves the start of a run never launched to {@code startAt} (DELAYED if it is still to come,
   * else QUEUED), its expiry to {@code startAt} plus its time to live. False if it was launched or
   * ended meanwhile.
   */
  boolean reschedule(String id, long startAt, long now) {
    return update(
            "UPDATE runs SET status = CASE WHEN ? > ? THEN 'DELAYED' ELSE 'QUEUED' END, start_at ="
                + " ?, not_before = max(?, ?), expires_at = CASE WHEN ttl_ms IS NULL THEN NULL ELSE"
                + " max(?, ?) + ttl_ms END WHERE id = ? AND status IN ('DELAYED', 'QUEUED') AND"
                + " launches = 0",
            startAt,
            now,
            startAt,
            startAt,
            now,
            startAt,
            now,
            id)
        == 1;
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
      SqliteNativeLibrary.useExistingCopyIn(home.resolve(NATIVE_DIRECTORY));
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

  private static void setOptional(PreparedStatement statement, int index, long millis)
      throws SQLException {
    if (millis == 0) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, millis);
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
        rows.getInt("launches"),
        tags(rows.getString("tags")),
        rows.getInt("priority"),
        rows.getInt("job_concurrency"),
        rows.getString("rerun_of"),
        rows.getLong("start_at"),
        rows.getLong("expires_at"),
        rows.getString("idempotency_key"));
  }

  private static List<String> tags(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(" "));
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
