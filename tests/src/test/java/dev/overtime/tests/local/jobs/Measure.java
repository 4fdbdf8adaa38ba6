package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/** Returns the length of the payload's text and its hash, proving the whole payload arrived. */
@JobHandler(value = "local-measure", timeout = "120 seconds", memory = "256 MB")
public final class Measure implements Job<Blob, String> {
  @Override
  public String run(Blob payload, JobContext context) {
    return payload.data().length() + ":" + payload.data().hashCode();
  }
}
