package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When each attempt started and ended, read from a run's claim, end and final files. */
class RunViewAttemptsTest {
  private static final String RUN = "01KB6W3V8Z5N7Q2X4Y6A8C0E2G";
  private static final Instant T0 = Instant.parse("2026-12-02T07:00:00Z");

  @TempDir Path directory;

  private RunFiles files() throws Exception {
    return TestRuns.files(directory, TestRuns.spec(directory, RUN, "transcode", T0, 3));
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static void claim(RunFiles files, Slot slot, Instant startedAt) {
    assertTrue(
        RecordFile.of(
                Map.of(
                    "jobId", "42", "restart", "0", "node", "n1", "startedAt", startedAt.toString()))
            .createAt(files.claimFile(slot)));
  }

  private static void end(RunFiles files, Slot slot, String action, String ending, Instant at) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("action", action);
    values.put("ending", ending);
    values.put("decidedAt", at.toString());
    values.put("notBefore", at.toString());
    assertTrue(RecordFile.of(values).createAt(files.endFile(slot)));
  }

  @Test
  void eachAttemptSpansItsLatestStartToItsEndAndTheLastEndsWithTheRun() throws Exception {
    RunFiles files = files();
    // Attempt 1 was started twice: its first start never reached the handler.
    claim(files, new Slot(1, 1), at(1));
    end(files, new Slot(1, 1), "START_AGAIN", null, at(2));
    claim(files, new Slot(1, 2), at(3));
    end(files, new Slot(1, 2), "RETRY", "FAILED", at(5));
    claim(files, new Slot(2, 1), at(6));

    List<AttemptSpan> running = RunView.of(files).orElseThrow().details().attempts();
    assertEquals(
        List.of(
            new AttemptSpan(1, at(3), at(5), RunStatus.FAILED),
            new AttemptSpan(2, at(6), null, null)),
        running);

    Map<String, String> result = new LinkedHashMap<>();
    result.put("status", "SUCCEEDED");
    result.put("attempt", "2");
    result.put("startedAt", at(6).toString());
    result.put("finishedAt", at(9).toString());
    result.put("result", "1");
    assertTrue(RecordFile.of(result).createAt(files.file(RunFiles.FINAL)));

    List<AttemptSpan> ended = RunView.of(files).orElseThrow().details().attempts();
    assertEquals(
        List.of(
            new AttemptSpan(1, at(3), at(5), RunStatus.FAILED),
            new AttemptSpan(2, at(6), at(9), RunStatus.SUCCEEDED)),
        ended);
  }

  @Test
  void aRunNeverStartedHasNoAttempts() throws Exception {
    assertEquals(List.of(), RunView.of(files()).orElseThrow().details().attempts());
  }
}
