package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The store when things go wrong, on real SQLite files: another connection holding the write lock,
 * a full database, an empty or foreign {@code runs.db}, a home with too wide a mode.
 */
@Timeout(60)
class StoreFailuresTest {
  private static final Duration BUSY = Duration.ofMillis(300);

  @TempDir Path home;

  private static RunStore.NewRun newRun(String id) {
    return new RunStore.NewRun(id, "job", 2, "{}", null, 60_000, 128, 1, "owner", 1000);
  }

  /** Another process's connection that takes the write lock and keeps it until closed. */
  private Connection holdWriteLock() throws SQLException {
    Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + home.resolve(RunStore.FILE_NAME));
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("UPDATE owners SET closed_at = closed_at");
    }
    return connection;
  }

  @Test
  void readsAnswerAtOnceWhileAWriteWaitsForAnotherProcesssLock() throws Exception {
    try (RunStore store = RunStore.open(home, Duration.ofSeconds(4))) {
      store.insert(newRun("R1"));
      try (Connection lock = holdWriteLock()) {
        CompletableFuture<Boolean> write = new CompletableFuture<>();
        Thread writer =
            new Thread(() -> write.complete(store.claim("R1", 1, "owner", 2000, 62_000)));
        writer.start();
        waitUntil("the write waits for the lock inside SQLite", () -> insideSqlite(writer));
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          assertEquals(RunStatus.QUEUED, store.find("R1").orElseThrow().status());
        }
        long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(write.isDone(), "the write should still be waiting");
        assertTrue(readMillis < 1000, "20 reads took " + readMillis + " ms behind a blocked write");
        try (Statement statement = lock.createStatement()) {
          statement.execute("ROLLBACK");
        }
        assertTrue(write.get(10, TimeUnit.SECONDS));
      }
    }
  }

  private static boolean insideSqlite(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getClassName().startsWith("org.sqlite.core"));
  }

  @Test
  void aWriteBusyPastItsTimeoutFailsClearlyAndTheNextOneWorks() throws Exception {
    try (RunStore store = RunStore.open(home, BUSY)) {
      store.insert(newRun("R1"));
      try (Connection lock = holdWriteLock()) {
        EngineUnavailableException busy =
            assertThrows(EngineUnavailableException.class, () -> store.insert(newRun("R2")));
        assertTrue(
            busy.getMessage().contains(home.resolve("runs.db").toString()), busy.getMessage());
        assertTrue(busy.getMessage().contains("locked"), busy.getMessage());
      }
      assertTrue(store.insert(newRun("R2")).created());
      assertTrue(store.claim("R2", 1, "owner", 2000, 62_000));
    }
  }

  @Test
  void theEndOfAnAttemptIsRecordedOnceTheLockIsReleased() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (RunStore store = RunStore.open(home, BUSY);
        StoreRetries retries =
            new StoreRetries(
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
      store.insert(newRun("R1"));
      store.claim("R1", 1, "owner", 2000, 62_000);
      AtomicInteger tries = new AtomicInteger();
      try (Connection lock = holdWriteLock()) {
        retries.untilItSticks(
            "record the end of R1",
            () -> {
              tries.incrementAndGet();
              store.finish("R1", 1, RunStatus.SUCCEEDED, "42", null, 3000);
            });
        assertTrue(
            log.toString(StandardCharsets.UTF_8).contains("could not record the end of R1"),
            log.toString(StandardCharsets.UTF_8));
        assertEquals(RunStatus.RUNNING, store.find("R1").orElseThrow().status());
        waitUntil("two more tries failed", () -> tries.get() >= 3);
        assertEquals(RunStatus.RUNNING, store.find("R1").orElseThrow().status());
      }
      waitUntil("the end is recorded", () -> store.find("R1").orElseThrow().status().isTerminal());
      assertEquals("42", store.find("R1").orElseThrow().result());
      waitUntil(
          "the success is logged",
          () -> log.toString(StandardCharsets.UTF_8).contains("the store answers again"));
    }
  }

  @Test
  void aFullDatabaseDoesNotPoisonLaterStatements() throws Exception {
    String url = "jdbc:sqlite:" + home.resolve("full.db");
    try (StoreConnection writer = StoreConnection.writer(url, BUSY)) {
      writer.apply("CREATE TABLE t (v BLOB)", statement -> statement.executeUpdate());
      long pages;
      try (Statement statement = writer.connection().createStatement()) {
        pages = statement.executeQuery("PRAGMA page_count").getLong(1);
        // A database file limited to a few more pages: SQLITE_FULL for real, as on a full disk.
        statement.execute("PRAGMA max_page_count = " + (pages + 3));
      }
      String insert = "INSERT INTO t (v) VALUES (?)";
      SQLException full = null;
      for (int i = 0; i < 100 && full == null; i++) {
        try {
          writer.apply(
              insert,
              statement -> {
                statement.setBytes(1, new byte[4096]);
                return statement.executeUpdate();
              });
        } catch (SQLException e) {
          full = e;
        }
      }
      assertTrue(full instanceof SQLiteException, String.valueOf(full));
      assertEquals(
          SQLiteErrorCode.SQLITE_FULL.code, ((SQLiteException) full).getResultCode().code & 0xff);
      // sqlite-jdbc finalized the statement that failed; the same SQL works again, without a
      // restart (before: "statement is not executing" forever).
      int inserted =
          writer.apply(
              insert,
              statement -> {
                statement.setBytes(1, new byte[16]);
                return statement.executeUpdate();
              });
      assertEquals(1, inserted);
    }
  }

  @Test
  void submitsWorkAgainWithoutARestartOnceAFullDiskHasSpace(@TempDir Path mountPoint)
      throws Exception {
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString()) == 0,
        "mounting a small tmpfs needs root");
    try {
      Path smallHome = mountPoint.resolve("home");
      try (RunStore store = RunStore.open(smallHome, BUSY)) {
        store.insert(newRun("R0"));
        Path filler = mountPoint.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
          byte[] chunk = new byte[16 * 1024];
          while (true) {
            out.write(chunk);
            out.flush();
          }
        } catch (IOException noSpaceLeft) {
          // The disk is full now.
        }
        EngineUnavailableException full = null;
        for (int i = 1; i < 2000 && full == null; i++) {
          try {
            store.insert(
                new RunStore.NewRun(
                    "R" + i, "job", 1, "x".repeat(8192), null, 60_000, 128, 1, "owner", 1000));
          } catch (EngineUnavailableException e) {
            full = e;
          }
        }
        assertTrue(full != null, "the disk never filled up");
        assertTrue(full.getMessage().contains("full"), full.getMessage());

        Files.delete(filler);

        assertTrue(store.insert(newRun("after")).created(), "a submit once there is space");
        assertTrue(store.claim("after", 1, "owner", 2000, 62_000));
        assertEquals(RunStatus.RUNNING, store.find("after").orElseThrow().status());
      }
    } finally {
      run("umount", "-l", mountPoint.toString());
    }
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    return process.waitFor();
  }

  @Test
  void anEmptyRunsDbBesideRunDirectoriesIsRefusedNamingTheFile() throws Exception {
    Files.createDirectories(home.resolve("runs").resolve("01KB3M5W6S0000000000000000"));
    Path file = home.resolve("runs.db");
    Files.createFile(file);

    EngineUnavailableException refused =
        assertThrows(EngineUnavailableException.class, () -> RunStore.open(home));

    assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("is empty"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Restore"), refused.getMessage());
    assertEquals(0, Files.size(file), "the refused file is left as it is");
  }

  @Test
  void anEmptyRunsDbInAHomeWithoutRunsIsANewStore() throws Exception {
    Files.createFile(home.resolve("runs.db"));
    Files.createDirectories(home.resolve("runs"));
    try (RunStore store = RunStore.open(home)) {
      assertTrue(store.insert(newRun("R1")).created());
    }
  }

  @Test
  void aForeignSqliteDatabaseIsRefusedAndLeftAsItIs() throws Exception {
    Path file = home.resolve("runs.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    byte[] before = Files.readAllBytes(file);

    EngineUnavailableException refused =
        assertThrows(EngineUnavailableException.class, () -> RunStore.open(home));

    assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("not an Overtime run database"), refused.getMessage());
    assertTrue(refused.getMessage().contains("invoices"), refused.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file), "left byte for byte as it was");
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedNamingTheFileAndTheFix() throws Exception {
    Path file = home.resolve("runs.db");
    byte[] garbage = "this is not a database, it is a text file".repeat(200).getBytes();
    Files.write(file, garbage);

    EngineUnavailableException refused =
        assertThrows(EngineUnavailableException.class, () -> RunStore.open(home));

    assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("not a SQLite database"), refused.getMessage());
    assertTrue(refused.getMessage().contains("backup"), refused.getMessage());
    assertEquals(garbage.length, Files.size(file), "left as it is");
  }

  @Test
  void aDamagedRunDatabaseIsRefusedNamingTheFileAndLeftAsItIs() throws Exception {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"));
    }
    Path file = home.resolve("runs.db");
    byte[] bytes = Files.readAllBytes(file);
    // Keep SQLite's 100-byte header, scribble over the schema page and what follows.
    for (int i = 100; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(file, bytes);

    EngineUnavailableException refused =
        assertThrows(EngineUnavailableException.class, () -> RunStore.open(home));

    assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
    assertArrayEquals(bytes, Files.readAllBytes(file), "left byte for byte as it was");
  }

  @Test
  void anExistingHomeAndDatabaseAreTightenedToTheirOwner() throws Exception {
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    RunStore.open(home).close();
    Files.setPosixFilePermissions(
        home.resolve("runs.db"), PosixFilePermissions.fromString("rw-r--r--"));

    RunStore.open(home).close();

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("runs.db"))));
  }

  private static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
