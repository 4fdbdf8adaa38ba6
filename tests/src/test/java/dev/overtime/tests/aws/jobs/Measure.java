package dev.overtime.tests.aws.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;

/** Measures the payload text; used for small and 20 MB payloads. */
public final class Measure implements Job<Text, TextStats> {
  @Override
  public TextStats run(Text payload, JobContext context) {
    context.log("measuring");
    return new TextStats(payload.text().length(), context.runId(), context.attempt());
  }
}
