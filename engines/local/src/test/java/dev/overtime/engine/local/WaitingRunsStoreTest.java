package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's rules for delayed and expiring runs, each a conditional transition. */
class WaitingRunsStoreTest {
  private static final long CREATED = 1_000_000;

  @TempDir Path home;

  private static RunStore.NewRun newRun(String id) {
    return new RunStore.NewRun(id, "job", 2, "{}", null, 60_000, 128, 1, "owner", CREATED, 0);
  }

  @Test
  void aRunWithAStartTimeToComeIsRecordedDelayedWithItsTimes() {
    try (RunStore store = RunStore.open(home)) {
      RunRecord submitted =
          store.insert(newRun("R1"), new RunStore.Waiting(CREATED + 5_000, 2_000)).record();
      assertEquals(RunStatus.DELAYED, submitted.status());
      assertEquals(Instant.ofEpochMilli(CREATED + 5_000), submitted.details().startAt().get());
      // The time to live counts from the start time, not from the creation.
      assertEquals(Instant.ofEpochMilli(CREATED + 7_000), submitted.details().expiresAt().get());
      assertEquals(submitted, store.find("R1").get().toRecord());
      assertTrue(store.startableInQueueOrder(CREATED + 4_999, 10, 0).isEmpty());
      assertEquals(CREATED + 5_000, store.nextWaitingEvent());
    }
  }

  @Test
  void aStartTimeThatHasComeIsQueuedAtOnceAndItsTtlCountsFromTheCreation() {
    try (RunStore store = RunStore.open(home)) {
      RunRecord submitted =
          store.insert(newRun("R1"), new RunStore.Waiting(CREATED - 60_000, 2_000)).record();
      assertEquals(RunStatus.QUEUED, submitted.status());
      assertEquals(Instant.ofEpochMilli(CREATED + 2_000), submitted.details().expiresAt().get());
    }
  }

  @Test
  void aDueDelayedRunIsQueuedAndThenStartable() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(CREATED + 5_000, 0));
      assertEquals(0, store.promoteDue(CREATED + 4_999));
      assertEquals(1, store.promoteDue(CREATED + 5_000));
      assertEquals(RunStatus.QUEUED, store.find("R1").get().status());
      List<StoredRun> startable = store.startableInQueueOrder(CREATED + 5_000, 10, 0);
      assertEquals(1, startable.size());
      assertEquals(0, store.nextWaitingEvent(), "nothing left to wake for");
    }
  }

  @Test
  void anExpiredRunIsNeverClaimedEvenWhenASlotFreesAtItsExpiry() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(0, 2_000));
      long expiry = CREATED + 2_000;
      assertFalse(store.claim("R1", 1, "supervisor", expiry, expiry + 60_000));
      assertEquals(1, store.expire(expiry));
      StoredRun expired = store.find("R1").get();
      assertEquals(RunStatus.EXPIRED, expired.status());
      assertEquals("overtime.expired", expired.errorType());
      assertTrue(expired.status().isTerminal());
      assertTrue(store.startableInQueueOrder(expiry, 10, 0).isEmpty());
    }
  }

  @Test
  void aRunClaimedBeforeItsExpiryIsNotExpiredLaterNorWhenItIsRetried() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(0, 2_000));
      assertTrue(store.claim("R1", 1, "supervisor", CREATED + 1_999, CREATED + 60_000));
      assertEquals(0, store.expire(CREATED + 10_000));
      assertTrue(
          store.requeue(
              "R1", 1, new dev.overtime.runtime.RunError("overtime.lost", "x"), CREATED + 10_000));
      assertEquals(0, store.expire(CREATED + 20_000));
      assertTrue(store.claim("R1", 2, "supervisor", CREATED + 20_000, CREATED + 80_000));
    }
  }

  @Test
  void cancelEndsADelayedRunWithoutStartingIt() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(CREATED + 5_000, 0));
      assertTrue(store.cancelQueued("R1", CREATED + 1));
      assertEquals(RunStatus.CANCELLED, store.find("R1").get().status());
      assertEquals(0, store.promoteDue(CREATED + 5_000));
      assertFalse(store.reschedule("R1", CREATED + 9_000, CREATED + 2));
    }
  }

  @Test
  void rescheduleMovesTheStartAndTheExpiryOfARunNotStarted() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(CREATED + 5_000, 2_000));
      assertTrue(store.reschedule("R1", CREATED + 50_000, CREATED + 10));
      StoredRun later = store.find("R1").get();
      assertEquals(RunStatus.DELAYED, later.status());
      assertEquals(CREATED + 50_000, later.startAt());
      assertEquals(CREATED + 52_000, later.expiresAt());
      assertEquals(0, store.promoteDue(CREATED + 5_000), "the old time does nothing");
      assertEquals(0, store.expire(CREATED + 7_000), "nor does the old expiry");
      // A time that has come queues it at once.
      assertTrue(store.reschedule("R1", CREATED, CREATED + 20));
      assertEquals(RunStatus.QUEUED, store.find("R1").get().status());
      assertEquals(1, store.startableInQueueOrder(CREATED + 20, 10, 0).size());
    }
  }

  @Test
  void rescheduleIsRefusedOnceTheRunStarted() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(0, 0));
      assertTrue(store.claim("R1", 1, "supervisor", CREATED + 1, CREATED + 60_000));
      assertFalse(store.reschedule("R1", CREATED + 50_000, CREATED + 10));
      assertEquals(RunStatus.RUNNING, store.find("R1").get().status());
    }
  }

  @Test
  void delayedRunsKeepTheSupervisorBusy() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(newRun("R1"), new RunStore.Waiting(CREATED + 5_000, 0));
      int[] counts = store.activeCounts();
      assertEquals(0, counts[0]);
      assertEquals(0, counts[1]);
      assertEquals(1, counts[2]);
    }
  }
}
