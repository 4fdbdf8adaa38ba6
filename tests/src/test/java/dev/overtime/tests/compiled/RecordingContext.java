package dev.overtime.tests.compiled;

import dev.overtime.JobContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link JobContext} for running handlers directly; keeps what they log. */
final class RecordingContext implements JobContext {
  private final String jobName;
  final List<String> lines = new ArrayList<>();

  RecordingContext(String jobName) {
    this.jobName = jobName;
  }

  @Override
  public String runId() {
    return "test-run";
  }

  @Override
  public String jobName() {
    return jobName;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public Instant deadline() {
    return Instant.now().plusSeconds(60);
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void log(String message) {
    lines.add(message);
  }
}
