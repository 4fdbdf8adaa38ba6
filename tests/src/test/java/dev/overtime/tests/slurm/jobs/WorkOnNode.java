package dev.overtime.tests.slurm.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Works for {@code millis}, honouring cancel, and returns the Slurm node it ran on ({@code
 * SLURMD_NODENAME}). Declares 1 retry, so a lost attempt (a requeue) is run again.
 */
@JobHandler(value = "slurm-work", timeout = "300 seconds", memory = "128 MB", retries = 1)
public final class WorkOnNode implements Job<Work, String> {
  @Override
  public String run(Work payload, JobContext context) throws Exception {
    Path marker =
        Path.of(payload.markerDirectory())
            .resolve(context.runId() + "-" + context.attempt() + ".pid");
    Path partial = marker.resolveSibling(marker.getFileName() + ".tmp");
    Files.writeString(partial, Long.toString(ProcessHandle.current().pid()));
    Files.move(partial, marker);
    context.log("working " + payload.millis() + " ms");
    long until = System.currentTimeMillis() + payload.millis();
    while (System.currentTimeMillis() < until) {
      if (context.isCancelled()) {
        throw new InterruptedException("cancelled");
      }
      Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
    }
    return System.getenv().getOrDefault("SLURMD_NODENAME", "?");
  }
}
