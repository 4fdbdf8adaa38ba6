package dev.overtime.runtime.spi;

import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.RunOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link dev.overtime.runtime.Engine#submit} receives: the job, its payload already encoded
 * (and so already checked) as JSON, the options, and the timeout this run gets.
 */
public record SubmitRequest(
    JobDescriptor<?, ?> job, String payloadJson, RunOptions options, Duration timeout) {

  public SubmitRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * For engines that cannot delay or expire runs: refuses a start time or time to live, so that a
   * run is never started early or kept past its expiry without a word.
   *
   * @throws UnsupportedOperationException naming the engine and the options
   */
  public void refuseWaiting(String engine) {
    if (options.startAt().isPresent()
        || options.startAfter().isPresent()
        || options.timeToLive().isPresent()) {
      throw new UnsupportedOperationException(
          "The "
              + engine
              + " engine cannot delay or expire runs; job '"
              + job.name()
              + "' was given RunOptions startAt, startAfter or timeToLive. Nothing was started."
              + " Use the local or aws engine, or leave those options unset.");
    }
  }
}
