package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;

/** Returns the length of the payload's text and its hash, proving the whole payload arrived. */
public final class Measure implements Job<Blob, String> {
  @Override
  public String run(Blob payload, JobContext context) {
    return payload.data().length() + ":" + payload.data().hashCode();
  }
}
