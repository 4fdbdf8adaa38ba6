package dev.overtime.cli.output;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How long a run took: from its first attempt's start to its end, and each attempt's own time,
 * where the engine records attempts ({@code RunDetails.attempts()}). A record's {@code startedAt}
 * is its current attempt's, so the duration of a retried run is not {@code finishedAt - startedAt}.
 */
public final class RunDuration {
  private RunDuration() {}

  /** The whole run: {@code 3.5s}, to now while it runs; empty before it started. */
  public static String total(RunRecord run) {
    List<AttemptSpan> attempts = run.details().attempts();
    Instant start = attempts.isEmpty() ? run.startedAt() : attempts.get(0).startedAt();
    return ElapsedTime.between(start, run.finishedAt());
  }

  /** Each attempt: {@code attempt 1 1.7s FAILED, attempt 2 1.4s SUCCEEDED}; empty for one. */
  public static String perAttempt(RunRecord run) {
    List<AttemptSpan> attempts = run.details().attempts();
    if (attempts.size() < 2) {
      return "";
    }
    return attempts.stream().map(RunDuration::attempt).collect(Collectors.joining(", "));
  }

  /** One attempt: {@code attempt 2 1.4s SUCCEEDED}, or {@code … running} while it runs. */
  public static String attempt(AttemptSpan span) {
    return "attempt "
        + span.attempt()
        + " "
        + ElapsedTime.between(span.startedAt(), span.endedAt())
        + " "
        + (span.status() == null ? "running" : span.status().name());
  }
}
