package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/** {@code local-sleep} limited to one run at a time on a home: the same work and marker files. */
@JobHandler(value = "local-single", timeout = "300 seconds", memory = "128 MB", concurrency = 1)
public final class SingleSleep implements Job<Nap, Long> {
  @Override
  public Long run(Nap payload, JobContext context) throws Exception {
    return new Sleep().run(payload, context);
  }
}
