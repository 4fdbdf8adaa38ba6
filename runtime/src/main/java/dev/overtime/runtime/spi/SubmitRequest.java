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
}
