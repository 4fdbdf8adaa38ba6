package dev.overtime.tests.aws.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import java.io.IOException;

/** Fails its first attempt with a retryable error, then measures like {@link Measure}. */
public final class FailOnce implements Job<Text, TextStats> {
  @Override
  public TextStats run(Text payload, JobContext context) throws IOException {
    if (context.attempt() == 1) {
      throw new IOException("the first attempt fails, as a flaky network would");
    }
    return new TextStats(payload.text().length(), context.runId(), context.attempt());
  }
}
