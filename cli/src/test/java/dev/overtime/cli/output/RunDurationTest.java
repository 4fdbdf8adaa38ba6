package dev.overtime.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunDetails;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDurationTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static RunRecord run(List<AttemptSpan> attempts, Instant startedAt, Instant finishedAt) {
    return new RunRecord(
            "01M8E1Q8ZJ9Y3T0E8V5S1K2XQH",
            "factorial",
            RunStatus.SUCCEEDED,
            attempts.isEmpty() ? 1 : attempts.size(),
            T0,
            startedAt,
            finishedAt,
            "1",
            null)
        .withDetails(RunDetails.builder().attempts(attempts).build());
  }

  @Test
  void aRetriedRunLastsFromItsFirstAttemptsStartAndShowsEachAttempt() {
    // Two attempts over 3.5 s: the record's startedAt is the second's, 1.4 s before the end.
    List<AttemptSpan> attempts =
        List.of(
            new AttemptSpan(1, T0.plusMillis(100), T0.plusMillis(1800), RunStatus.FAILED),
            new AttemptSpan(2, T0.plusMillis(2200), T0.plusMillis(3600), RunStatus.SUCCEEDED));
    RunRecord run = run(attempts, T0.plusMillis(2200), T0.plusMillis(3600));

    assertEquals("3.5s", RunDuration.total(run));
    assertEquals("attempt 1 1.7s FAILED, attempt 2 1.4s SUCCEEDED", RunDuration.perAttempt(run));
  }

  @Test
  void aRunWithoutRecordedAttemptsLastsFromItsStart() {
    RunRecord run = run(List.of(), T0.plusMillis(100), T0.plusMillis(1500));

    assertEquals("1.4s", RunDuration.total(run));
    assertEquals("", RunDuration.perAttempt(run));
  }
}
