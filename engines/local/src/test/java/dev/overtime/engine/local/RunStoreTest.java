package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @TempDir Path temporary;

  private static RunStore.NewRun newRun(String id, String key) {
    return new RunStore.NewRun(id, "job", 2, "{}", key, 60_000, 128, 1, "owner", 1000, 0);
  }

  @Test
  void homeAndDatabaseAreReadableByTheirOwnerOnly() throws Exception {
    Path home = temporary.resolve("home");
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1", null));
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("runs.db"))));
  }

  @Test
  void databaseIsInWalModeAtTheLatestSchemaVersion() throws Exception {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
    }
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
        assertEquals("wal", rows.getString(1));
      }
      try (ResultSet rows = statement.executeQuery("SELECT max(version) FROM schema_version")) {
        assertEquals(StoreSchema.latest(), rows.getInt(1));
      }
    }
  }

  @Test
  void reopeningKeepsRunsAndDoesNotMigrateAgain() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
    }
    try (RunStore store = RunStore.open(temporary)) {
      assertEquals(RunStatus.QUEUED, store.find("R1").orElseThrow().status());
    }
  }

  @Test
  void databaseFromANewerOvertimeIsRefusedWithAClearError() throws Exception {
    RunStore.open(temporary).close();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version (version) VALUES (99)");
    }
    EngineUnavailableException e =
        assertThrows(EngineUnavailableException.class, () -> RunStore.open(temporary));
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
  }

  @Test
  void idempotencyKeyFindsTheFirstRunOfTheSameJob() {
    try (RunStore store = RunStore.open(temporary)) {
      RunStore.Submitted first = store.insert(newRun("R1", "k"));
      RunStore.Submitted second = store.insert(newRun("R2", "k"));
      assertTrue(first.created());
      assertFalse(second.created());
      assertEquals("R1", second.record().id());
      assertTrue(store.find("R2").isEmpty());
    }
  }

  @Test
  void aRunEndsOnceNoMatterHowManyEnginesTry() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
      assertTrue(store.claim("R1", 1, "owner", 2000, 62_000));
      assertFalse(store.claim("R1", 1, "owner", 2000, 62_000), "claimed twice");
      assertTrue(store.finish("R1", 1, RunStatus.SUCCEEDED, "1", null, 3000));
      assertFalse(
          store.finish("R1", 1, RunStatus.LOST, null, new RunError("overtime.lost", ""), 4000));
      assertFalse(store.cancelQueued("R1", 5000));
      assertEquals(RunStatus.SUCCEEDED, store.find("R1").orElseThrow().status());
    }
  }

  @Test
  void aVersionOneDatabaseIsMigratedAndItsRunsKnowNothingOfTheirBeganDocument() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (String sql : StoreSchema.migration(1)) {
        statement.execute(sql);
      }
      statement.execute("INSERT INTO schema_version (version) VALUES (1)");
      statement.execute(
          "INSERT INTO runs (id, job, status, attempt, max_attempts, payload, timeout_ms,"
              + " memory_mb, classpath_id, owner, created_at, not_before, started_at, pid,"
              + " pid_started_at) VALUES ('R1', 'job', 'RUNNING', 1, 2, '{}', 1000, 128, 1, 'gone',"
              + " 1, 1, 2, 42, 7)");
    }
    try (RunStore store = RunStore.open(temporary)) {
      StoredRun run = store.find("R1").orElseThrow();
      assertEquals(0, run.failedStarts());
      assertFalse(run.marksBegan(), "started by an engine that did not pass OVERTIME_BEGAN_URI");
      assertEquals(42, run.pid());
    }
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT max(version) AS version FROM schema_version")) {
      assertEquals(StoreSchema.latest(), rows.getInt("version"));
    }
  }

  @Test
  void startAgainKeepsTheAttemptAndCountsAFailedStart() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
      assertTrue(store.claim("R1", 1, "owner", 2000, 62_000));
      assertTrue(
          store.find("R1").orElseThrow().marksBegan(),
          "a claimed attempt is given OVERTIME_BEGAN_URI");
      assertTrue(store.startAgain("R1", 1, new RunError("overtime.start-failed", "no java"), 9000));
      assertFalse(
          store.startAgain("R1", 1, new RunError("overtime.start-failed", "no java"), 9000),
          "not running");
      StoredRun again = store.startable("owner", 9000, 10).get(0);
      assertEquals(1, again.attempt());
      assertEquals(1, again.failedStarts());
      assertEquals(RunStatus.QUEUED, again.status());
    }
  }

  @Test
  void rowsReadTheSameWithAndWithoutTheirPayload() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
      StoredRun withPayload = store.startable("owner", 1000, 1).get(0);
      StoredRun withoutPayload = store.find("R1").orElseThrow();
      assertEquals("{}", withPayload.payload());
      assertEquals(null, withoutPayload.payload());
      assertEquals(withPayload.job(), withoutPayload.job());
      assertEquals(withPayload.maxAttempts(), withoutPayload.maxAttempts());
      assertEquals(withPayload.timeoutMillis(), withoutPayload.timeoutMillis());
    }
  }

  @Test
  void requeueStartsTheNextAttemptNotBeforeItsTime() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
      store.claim("R1", 1, "owner", 2000, 62_000);
      assertTrue(store.requeue("R1", 1, new RunError("x", "y"), 9000));
      assertTrue(store.startable("owner", 8999, 10).isEmpty());
      StoredRun next = store.startable("owner", 9000, 10).get(0);
      assertEquals(2, next.attempt());
      assertEquals(RunStatus.QUEUED, next.status());
      assertFalse(
          store.finish("R1", 1, RunStatus.FAILED, null, null, 9001),
          "the old attempt cannot end the run");
    }
  }
}
