package dev.overtime.tests.aws.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reports progress (half done, "waiting to be cancelled"), writes its marker file, then waits until
 * it is cancelled (or its deadline passes).
 */
public final class WaitForCancel implements Job<Wait, Void> {
  @Override
  public Void run(Wait payload, JobContext context) throws Exception {
    context.progress(0.5, "waiting to be cancelled");
    Files.writeString(Path.of(payload.markerFile()), "pid " + ProcessHandle.current().pid());
    while (!context.isCancelled()) {
      Thread.sleep(20);
    }
    throw new InterruptedException("cancelled");
  }
}
