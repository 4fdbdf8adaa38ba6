package dev.overtime.tooling.runs;

import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The queued and running runs a filter matches, for cancelling many at once ({@code overtime cancel
 * --job J --status S --tag T}, the console's "Cancel matching"): running ones first, then queued,
 * each newest first.
 */
public final class ActiveRuns {
  private ActiveRuns() {}

  /**
   * The runs to cancel.
   *
   * @param job only runs of this job, or all when null
   * @param status QUEUED or RUNNING, or null for both
   * @param tag only runs with this tag, or all when null
   * @throws IllegalArgumentException if {@code status} is a terminal status
   */
  public static List<RunRecord> matching(HomeRuns runs, String job, RunStatus status, String tag) {
    if (status != null && status.isTerminal()) {
      throw new IllegalArgumentException(
          "status "
              + status
              + " matches runs that already ended; only QUEUED or RUNNING runs can be cancelled.");
    }
    List<RunRecord> matched = new ArrayList<>();
    for (RunStatus active : List.of(RunStatus.RUNNING, RunStatus.QUEUED)) {
      if (status == null || status == active) {
        matched.addAll(runs.list(job, active, tag, Integer.MAX_VALUE));
      }
    }
    return matched;
  }

  /**
   * Requests the cancel of every run in {@code matched} without waiting ({@link
   * HomeRuns#requestCancel}); returns their records just after.
   */
  public static List<RunRecord> requestCancel(HomeRuns runs, List<RunRecord> matched) {
    List<RunRecord> requested = new ArrayList<>(matched.size());
    for (RunRecord run : matched) {
      requested.add(runs.requestCancel(run.id()));
    }
    return requested;
  }
}
