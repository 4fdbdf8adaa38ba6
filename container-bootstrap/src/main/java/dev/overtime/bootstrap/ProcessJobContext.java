package dev.overtime.bootstrap;

import dev.overtime.JobContext;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The {@link JobContext} of a job running in this process; {@link #log} writes to standard output.
 */
final class ProcessJobContext implements JobContext {
  private final Invocation invocation;
  private final Instant deadline;
  private final PrintStream out;
  private volatile boolean cancelled;

  ProcessJobContext(Invocation invocation, Instant deadline, PrintStream out) {
    this.invocation = invocation;
    this.deadline = deadline;
    this.out = out;
  }

  @Override
  public String runId() {
    return invocation.runId();
  }

  @Override
  public String jobName() {
    return invocation.job();
  }

  @Override
  public int attempt() {
    return invocation.attempt();
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  void markCancelled() {
    cancelled = true;
  }

  @Override
  public void log(String message) {
    out.println(message);
  }
}
