package dev.overtime.tooling.runs;

/**
 * A run's log as it grows, read piece by piece by {@code overtime logs [-f]} and {@code run
 * --wait}: the local engine's log file ({@link FileRunLog}), or the CloudWatch Logs streams of a
 * run's tasks on AWS ({@link CloudWatchRunLog}).
 */
public interface RunLog {
  /**
   * The text written since the last call, in whole lines; empty when there is nothing new.
   *
   * @param ended whether the run has ended: a final partial line is returned too
   */
  String next(boolean ended);
}
