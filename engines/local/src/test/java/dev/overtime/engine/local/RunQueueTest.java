package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.RunDetails;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which the supervisor starts queued runs: priority, FIFO, per-job limits. */
class RunQueueTest {
  @TempDir Path home;

  private static void queue(
      RunStore store, String id, String job, int priority, int jobConcurrency) {
    store.insert(
        new RunStore.NewRun(
            id,
            job,
            1,
            "{}",
            null,
            60_000,
            128,
            1,
            "owner",
            1000,
            0,
            new RunStore.Queueing(priority, jobConcurrency, null)));
  }

  private static List<String> ids(List<StoredRun> runs) {
    return runs.stream().map(StoredRun::id).toList();
  }

  @Test
  void higherPriorityStartsFirstAndEqualPrioritiesInSubmissionOrder() {
    try (RunStore store = RunStore.open(home)) {
      queue(store, "R1", "a", 0, 0);
      queue(store, "R2", "a", 5, 0);
      queue(store, "R3", "a", -2, 0);
      queue(store, "R4", "a", 5, 0);
      queue(store, "R5", "a", 0, 0);

      assertEquals(List.of("R2", "R4", "R1", "R5", "R3"), ids(new RunQueue(store).next(2000, 10)));
      assertEquals(List.of("R2", "R4"), ids(new RunQueue(store).next(2000, 2)));
    }
  }

  @Test
  void aJobAtItsLimitDoesNotHoldUpOtherJobsQueuedBehindIt() {
    try (RunStore store = RunStore.open(home)) {
      queue(store, "S1", "single", 0, 1);
      queue(store, "S2", "single", 0, 1);
      queue(store, "S3", "single", 0, 1);
      queue(store, "O1", "other", 0, 0);

      // Within one pick, the runs picked count as running: one of "single", then the others.
      assertEquals(List.of("S1", "O1"), ids(new RunQueue(store).next(2000, 3)));

      assertTrue(store.claim("S1", 1, "supervisor", 2000, 62_000));
      // S1 runs: the rest of "single" waits, whatever the free slots; "other" goes past it.
      assertEquals(List.of("O1"), ids(new RunQueue(store).next(2000, 3)));
    }
  }

  @Test
  void theLimitCountsRunningRunsOfEveryOwnerAndPagesPastBlockedRuns() {
    try (RunStore store = RunStore.open(home)) {
      queue(store, "P1", "pair", 0, 2);
      queue(store, "P2", "pair", 0, 2);
      for (int i = 0; i < RunQueue.PAGE + 5; i++) {
        queue(store, String.format("Q%03d", i), "pair", 0, 2);
      }
      queue(store, "Z1", "free", 0, 0);
      assertTrue(store.claim("P1", 1, "another-supervisor", 2000, 62_000));
      assertTrue(store.claim("P2", 1, "supervisor", 2000, 62_000));

      // Every queued "pair" run is blocked; the free job's run is found past more than a page.
      assertEquals(List.of("Z1"), ids(new RunQueue(store).next(2000, 1)));
    }
  }

  @Test
  void theRecordShowsThePriority() {
    try (RunStore store = RunStore.open(home)) {
      queue(store, "R1", "a", 7, 0);

      RunDetails details = store.find("R1").orElseThrow().toRecord().details();
      assertEquals(7, details.priority());
      assertTrue(details.rerunOf().isEmpty());
    }
  }

  @Test
  void aRerunCopiesTheRunWithANewIdAndNamesTheOriginal() {
    try (RunStore store = RunStore.open(home)) {
      store.insert(
          new RunStore.NewRun(
              "R1",
              "a",
              3,
              "{\"n\":1}",
              "key",
              60_000,
              256,
              1,
              "owner",
              1000,
              0,
              new RunStore.Queueing(4, 2, null)));
      assertTrue(store.claim("R1", 1, "supervisor", 2000, 62_000));

      store.insertRerun("R1", "R2", "client", 3000);

      StoredRun rerun = store.find("R2").orElseThrow();
      assertEquals("a", rerun.job());
      assertEquals(dev.overtime.runtime.RunStatus.QUEUED, rerun.status());
      assertEquals(1, rerun.attempt());
      assertEquals(3, rerun.maxAttempts());
      assertEquals(256, rerun.memoryMib());
      assertEquals(4, rerun.priority());
      assertEquals(2, rerun.jobConcurrency());
      assertEquals("R1", rerun.rerunOf());
      assertEquals("R1", rerun.toRecord().details().rerunOf().orElseThrow());
      assertEquals("{\"n\":1}", store.payload("R2").orElseThrow());
      assertEquals(List.of("R2"), store.rerunsOf("R1"));
      assertEquals(List.of(), store.rerunsOf("R2"));
    }
  }
}
