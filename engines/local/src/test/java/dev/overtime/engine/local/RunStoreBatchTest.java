package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches recorded in one transaction, and tags stored, returned and listed. */
class RunStoreBatchTest {
  @TempDir Path temporary;

  private static RunStore.NewRun newRun(String id, String key, String... tags) {
    return new RunStore.NewRun(
        id, "job", 2, "{}", key, 60_000, 128, 1, "owner", 1000, 0, List.of(tags));
  }

  @Test
  void aBatchIsRecordedInOrderWithItsTags() {
    try (RunStore store = RunStore.open(temporary)) {
      List<RunStore.Submitted> submitted =
          store.insertAll(List.of(newRun("R1", null, "a", "b"), newRun("R2", null)));

      assertEquals(List.of("R1", "R2"), submitted.stream().map(s -> s.record().id()).toList());
      assertTrue(submitted.stream().allMatch(RunStore.Submitted::created));
      assertEquals(List.of("a", "b"), submitted.get(0).record().details().tags());
      assertEquals(List.of("a", "b"), store.find("R1").orElseThrow().toRecord().details().tags());
      assertEquals(List.of(), store.find("R2").orElseThrow().toRecord().details().tags());
    }
  }

  @Test
  void aBatchWithAnItemThatCannotBeRecordedRecordsNothing() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("TAKEN", null));

      // Item 2 reuses a run id without an idempotency key: it is neither new nor a known key.
      assertThrows(
          OvertimeException.class,
          () ->
              store.insertAll(
                  List.of(newRun("R1", null, "t"), newRun("R2", "k"), newRun("TAKEN", null))));

      assertTrue(store.find("R1").isEmpty(), "item 0 was recorded");
      assertTrue(store.find("R2").isEmpty(), "item 1 was recorded");
      assertEquals(List.of(), store.list(null, null, "t", 10), "a tag of a rolled-back run");
      // The connection is usable after the rollback.
      assertTrue(store.insertAll(List.of(newRun("R3", "k"))).get(0).created());
    }
  }

  @Test
  void twoItemsWithOneKeyAreOneRunAndAKnownKeyReturnsTheExistingRun() {
    try (RunStore store = RunStore.open(temporary)) {
      store.insert(newRun("OLD", "known"));

      List<RunStore.Submitted> submitted =
          store.insertAll(
              List.of(newRun("R1", "same"), newRun("R2", "same"), newRun("R3", "known")));

      assertEquals(
          List.of("R1", "R1", "OLD"), submitted.stream().map(s -> s.record().id()).toList());
      assertEquals(
          List.of(true, false, false),
          submitted.stream().map(RunStore.Submitted::created).toList());
      assertTrue(store.find("R2").isEmpty());
    }
  }

  @Test
  void listingByTagFindsOnlyTheRunsCarryingItNewestFirst() {
    try (RunStore store = RunStore.open(temporary)) {
      List<RunStore.NewRun> runs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        runs.add(newRun("R" + i, null, i % 10 == 0 ? "rare" : "common", "all"));
      }
      store.insertAll(runs);
      store.insert(newRun("SINGLE", null, "rare"));

      List<RunRecord> rare = store.list(null, null, "rare", 100);
      assertEquals(
          List.of("SINGLE", "R40", "R30", "R20", "R10", "R0"),
          rare.stream().map(RunRecord::id).toList());
      assertEquals(2, store.list(null, null, "rare", 2).size());
      assertEquals(List.of(), store.list(null, RunStatus.RUNNING, "rare", 10));
      assertEquals(List.of(), store.list("other-job", null, "rare", 10));
      assertEquals(List.of(), store.list(null, null, "none", 10));
      assertEquals(50, store.list(null, null, "all", 100).size());
    }
  }

  @Test
  void aRunOfAnOlderSchemaReadsWithoutTags() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (int version = 1; version < StoreSchema.latest(); version++) {
        for (String sql : StoreSchema.migration(version)) {
          statement.execute(sql);
        }
        statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
      }
      statement.execute(
          "INSERT INTO runs (id, job, status, attempt, max_attempts, payload, timeout_ms,"
              + " memory_mib, classpath_id, owner, created_at, not_before) VALUES ('R1', 'job',"
              + " 'QUEUED', 1, 2, '{}', 1000, 128, 1, 'gone', 1, 1)");
    }
    try (RunStore store = RunStore.open(temporary)) {
      assertEquals(List.of(), store.find("R1").orElseThrow().toRecord().details().tags());
      assertFalse(store.list(null, null, 10).isEmpty());
    }
  }
}
