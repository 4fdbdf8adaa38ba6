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
    return new RunStore.NewRun(id, "job", 2, "{}", key, 60_000, 128, 1, "owner", 1000);
  }

  @Test
  void homeAndDatabaseAreReadableByTheirOwnerOnly() throws Exception {
    Path home = temporary.resolve("home");
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1", null));
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("runs.db"))));
  }

  @Test
  void databaseIsInWalModeAtTheLatestSchemaVersion() throws Exception {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("R1", null));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
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
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version (version) VALUES (99)");
    }
    EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> RunStore.open(temporary));
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
      assertFalse(store.finish("R1", 1, RunStatus.LOST, null, new RunError("overtime.lost", ""), 4000));
      assertFalse(store.cancelQueued("R1", 5000));
      assertEquals(RunStatus.SUCCEEDED, store.find("R1").orElseThrow().status());
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
      assertFalse(store.finish("R1", 1, RunStatus.FAILED, null, null, 9001), "the old attempt cannot end the run");
    }
  }
}
