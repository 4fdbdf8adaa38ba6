package dev.overtime.bootstrap;

import dev.overtime.JobContext;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The {@link JobContext} of a job running in this process; {@link #log} writes to standard output,
 * {@link #progress} goes to {@code OVERTIME_PROGRESS_URI} through a {@link ProgressWriter}.
 */
final class ProcessJobContext implements JobContext {
  private final Invocation invocation;
  private final Instant deadline;
  private final PrintStream out;
  private final ProgressWriter progress; // null: the engine did not pass OVERTIME_PROGRESS_URI
  private volatile boolean cancelled;

  ProcessJobContext(Invocation invocation, Instant deadline, PrintStream out, PrintStream err) {
    this.invocation = invocation;
    this.deadline = deadline;
    this.out = out;
    this.progress =
        invocation.progressUri() == null
            ? null
            : new ProgressWriter(
                invocation.progressUri(), invocation.runId(), invocation.attempt(), err);
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

  /** Keeps the latest progress; {@link ProgressWriter} stores it at most every 250 ms. */
  @Override
  public void progress(double fraction, String message) {
    JobContext.super.progress(fraction, message);
    if (progress != null) {
      progress.report(fraction, message);
    }
  }

  /** Stores the pending progress, if any: called once the handler has returned or was stopped. */
  void flushProgress() {
    if (progress != null) {
      progress.flush();
    }
  }
}
