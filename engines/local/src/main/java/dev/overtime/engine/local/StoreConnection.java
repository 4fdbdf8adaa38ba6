package dev.overtime.engine.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite connection to {@code runs.db} with its prepared statements, used by one thread at a
 * time, that survives the errors of its statements.
 *
 * <p>Why this is needed: when a step fails with anything but {@code SQLITE_BUSY}, {@code
 * SQLITE_LOCKED}, {@code SQLITE_CONSTRAINT} or {@code SQLITE_MISUSE} (for example {@code
 * SQLITE_FULL}, {@code SQLITE_IOERR}, {@code SQLITE_READONLY}), sqlite-jdbc finalizes the native
 * statement ({@code DB.execute} closes its pointer before throwing) while the {@link
 * PreparedStatement} object stays; every later use of that object then fails with {@code statement
 * is not executing}, even once the cause is gone. So after any error this connection drops all its
 * statements (they are prepared again on next use), rolls back a transaction left open, and for
 * errors other than busy/locked/constraint also closes the connection itself, to open a fresh one
 * on next use: a store error never poisons later statements.
 */
final class StoreConnection implements AutoCloseable {
  /** A piece of work with one prepared statement. */
  @FunctionalInterface
  interface Work<T> {
    T apply(PreparedStatement statement) throws SQLException;
  }

  private final String url;
  private final SQLiteConfig config;
  private final boolean queryOnly;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection;
  private boolean closed;

  private StoreConnection(String url, SQLiteConfig config, boolean queryOnly) {
    this.url = url;
    this.config = config;
    this.queryOnly = queryOnly;
  }

  /**
   * The writer: immediate transactions, so a transaction that will write takes the write lock at
   * its start instead of failing half-way with {@code SQLITE_BUSY}.
   */
  static StoreConnection writer(String url, Duration busyTimeout) {
    SQLiteConfig config = common(busyTimeout);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return new StoreConnection(url, config, false);
  }

  /**
   * A reader: in WAL mode it reads the last committed state without waiting for a writer, even one
   * that holds the write lock for minutes. {@code query_only} makes a write through it an error.
   */
  static StoreConnection reader(String url, Duration busyTimeout) {
    return new StoreConnection(url, common(busyTimeout), true);
  }

  /**
   * A connection that can only read, opened with {@code SQLITE_OPEN_READONLY} and without changing
   * the journal mode: what read-only clients (the CLI's {@code status}, {@code runs}, {@code logs})
   * use, so they create and change nothing.
   */
  static StoreConnection readOnly(String url, Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setReadOnly(true);
    return new StoreConnection(url, config, true);
  }

  private static SQLiteConfig common(Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    return config;
  }

  /** The open connection, opening one first if there is none (at first, or after an error). */
  synchronized Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("the run store is closed");
    }
    if (connection == null) {
      Connection opened = config.createConnection(url);
      if (queryOnly) {
        try (Statement statement = opened.createStatement()) {
          statement.execute("PRAGMA query_only = true");
        } catch (SQLException e) {
          opened.close();
          throw e;
        }
      }
      connection = opened;
    }
    return connection;
  }

  /**
   * Runs {@code work} with the prepared statement for {@code sql} (prepared once, kept while it
   * works). On an error, recovers as the class comment says and rethrows.
   */
  synchronized <T> T apply(String sql, Work<T> work) throws SQLException {
    try {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection().prepareStatement(sql);
        statements.put(sql, statement);
      } else {
        statement.clearParameters();
      }
      return work.apply(statement);
    } catch (SQLException | RuntimeException e) {
      recover(e);
      throw e;
    }
  }

  /** Work in one transaction, with the connection's prepared statements through {@link #apply}. */
  @FunctionalInterface
  interface Transaction<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction (immediate on the writer: it takes the write lock first)
   * and commits it; on an error everything it wrote is rolled back, the connection recovers as the
   * class comment says, and the error is rethrown.
   */
  synchronized <T> T inTransaction(Transaction<T> work) throws SQLException {
    Connection open = connection();
    open.setAutoCommit(false);
    try {
      T result = work.run();
      open.commit();
      open.setAutoCommit(true);
      return result;
    } catch (SQLException | RuntimeException e) {
      recover(e);
      throw e;
    }
  }

  /** After an error: no statement, transaction or (unless it was only contention) connection. */
  synchronized void recover(Exception failure) {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        // Already finalized by the driver: nothing to release.
      }
    }
    statements.clear();
    if (connection == null) {
      return;
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      dropConnection();
      return;
    }
    if (!isContention(failure)) {
      dropConnection();
    }
  }

  /** Busy, locked or a constraint: the connection itself is sound, only the moment was wrong. */
  private static boolean isContention(Exception failure) {
    if (!(failure instanceof SQLiteException sqlite)) {
      return false;
    }
    SQLiteErrorCode code = sqlite.getResultCode();
    int primary = code == null ? -1 : code.code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code
        || primary == SQLiteErrorCode.SQLITE_LOCKED.code
        || primary == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
  }

  private void dropConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Broken already: a new one is opened on next use.
    }
    connection = null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        // Closing: nothing left to protect.
      }
    }
    statements.clear();
    if (connection != null) {
      dropConnection();
    }
  }
}
