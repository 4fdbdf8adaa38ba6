package dev.overtime.tests.slurm.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/** Returns the length of the payload's text and its hash, proving the whole payload arrived. */
@JobHandler(value = "slurm-measure", timeout = "120 seconds", memory = "256 MB")
public final class MeasureBulk implements Job<Bulk, String> {
  @Override
  public String run(Bulk payload, JobContext context) {
    return payload.data().length() + ":" + payload.data().hashCode();
  }
}
