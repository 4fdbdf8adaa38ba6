package dev.overtime.engine.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which queued runs the supervisor starts next: by priority (higher first), first in, first out
 * within a priority, and never more running runs of one job than the job's own limit ({@code
 * JobHandler(concurrency = N)}, recorded with each run). A job at its limit does not hold up the
 * runs of other jobs queued behind it: they are taken past it. The counts are of RUNNING runs in
 * the store, so they hold across every client of the home; only the supervisor starts runs, so
 * nobody else raises them meanwhile.
 *
 * <p>When two clients record runs of one job with different limits (two versions of an
 * application), each run is held to the limit it was recorded with.
 */
final class RunQueue {
  /** Rows read per page while looking past runs of jobs at their limit. */
  static final int PAGE = 64;

  private final RunStore store;

  RunQueue(RunStore store) {
    this.store = store;
  }

  /**
   * Up to {@code free} runs to start now, in the order to start them. Runs of one job beyond its
   * limit are left out, counting the runs picked in this call as running.
   */
  List<StoredRun> next(long now, int free) {
    List<StoredRun> picked = new ArrayList<>();
    if (free <= 0) {
      return picked;
    }
    Map<String, Integer> running = new HashMap<>();
    int offset = 0;
    while (picked.size() < free) {
      int page = Math.max(free, PAGE);
      List<StoredRun> rows = store.startableInQueueOrder(now, page, offset);
      for (StoredRun run : rows) {
        if (run.jobConcurrency() > 0) {
          int count = running.computeIfAbsent(run.job(), store::runningOf);
          if (count >= run.jobConcurrency()) {
            continue;
          }
          running.put(run.job(), count + 1);
        }
        picked.add(run);
        if (picked.size() == free) {
          break;
        }
      }
      if (rows.size() < page) {
        break;
      }
      offset += rows.size();
    }
    return picked;
  }
}
