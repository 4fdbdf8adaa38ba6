package dev.overtime.bench.enqueue;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** JobRunr's typed-payload style, the closest peer of an Overtime payload record. */
public class ProbeRequest implements JobRequest {
  private int n;

  public ProbeRequest() {}

  public ProbeRequest(int n) {
    this.n = n;
  }

  public int getN() {
    return n;
  }

  @Override
  public Class<? extends JobRequestHandler<ProbeRequest>> getJobRequestHandler() {
    return Handler.class;
  }

  /** Never runs during the benchmark. */
  public static class Handler implements JobRequestHandler<ProbeRequest> {
    @Override
    public void run(ProbeRequest request) {}
  }
}
