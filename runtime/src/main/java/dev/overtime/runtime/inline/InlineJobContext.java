package dev.overtime.runtime.inline;

import dev.overtime.JobContext;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The {@link JobContext} of a run in the calling thread; {@link #log} prints {@code [job runId]
 * message}.
 */
final class InlineJobContext implements JobContext {
  private final String runId;
  private final String job;
  private final int attempt;
  private final Instant deadline;
  private final PrintStream console;

  InlineJobContext(String runId, String job, int attempt, Instant deadline, PrintStream console) {
    this.runId = runId;
    this.job = job;
    this.attempt = attempt;
    this.deadline = deadline;
    this.console = console;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String jobName() {
    return job;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  /** Always false: an inline run ends before {@code run(...)} returns, so nobody can cancel it. */
  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void log(String message) {
    if (console != null) {
      console.println("[" + job + " " + runId + "] " + message);
    }
  }
}
