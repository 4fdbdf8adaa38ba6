package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reports {@code step i of n} after each step. The attempt {@code failAttempt} reports 90% and
 * throws; a later attempt first waits for {@code releaseFile}, so a test can look at it before it
 * reports.
 */
@JobHandler(value = "local-progress", timeout = "120 seconds", memory = "128 MB", retries = 1)
public final class ReportProgress implements Job<Stages, Void> {
  @Override
  public Void run(Stages payload, JobContext context) throws Exception {
    if (context.attempt() == payload.failAttempt()) {
      context.progress(0.9, "about to fail");
      throw new IllegalStateException("failing attempt " + context.attempt() + " on purpose");
    }
    if (context.attempt() > 1) {
      while (!Files.exists(Path.of(payload.releaseFile()))) {
        Thread.sleep(20);
      }
    }
    for (int step = 1; step <= payload.steps(); step++) {
      Thread.sleep(payload.stepMillis());
      context.progress(step / (double) payload.steps(), "step " + step + " of " + payload.steps());
    }
    return null;
  }
}
