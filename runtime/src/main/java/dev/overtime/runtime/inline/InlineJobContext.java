package dev.overtime.runtime.inline;

import dev.overtime.JobContext;
import dev.overtime.runtime.RunProgress;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link JobContext} of a run in the calling thread; {@link #log} prints {@code [job runId]
 * message}, {@link #progress} keeps the latest report for the run's record.
 */
final class InlineJobContext implements JobContext {
  private final String runId;
  private final String job;
  private final int attempt;
  private final Instant deadline;
  private final PrintStream console;
  private final AtomicReference<RunProgress> progress;

  InlineJobContext(
      String runId,
      String job,
      int attempt,
      Instant deadline,
      PrintStream console,
      AtomicReference<RunProgress> progress) {
    this.runId = runId;
    this.job = job;
    this.attempt = attempt;
    this.deadline = deadline;
    this.console = console;
    this.progress = progress;
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

  /**
   * Keeps the latest report for the run's record. Nothing is written anywhere, so there is no rate
   * limit: the run's record, returned when the run ends, carries the last value.
   */
  @Override
  public void progress(double fraction, String message) {
    JobContext.super.progress(fraction, message);
    String text = message == null ? "" : message;
    if (text.length() > PROGRESS_MESSAGE_LIMIT) {
      text = text.substring(0, PROGRESS_MESSAGE_LIMIT);
    }
    progress.set(new RunProgress(fraction, text, Instant.now()));
  }
}
