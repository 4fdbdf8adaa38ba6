package dev.overtime.engine.slurm;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.spi.Endings;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the lifecycle's verdict about one slot as a write-once file: {@code final.properties}
 * when the run ends, {@code attempt-N-S.end} when another start follows. Whoever decides first (the
 * runner, a runner started again by Slurm's requeue, a submitter that found the allocation dead)
 * wins; the others' identical or later verdicts are dropped, so every slot is decided exactly once.
 */
final class VerdictRecorder {
  private VerdictRecorder() {}

  /**
   * Records {@code verdict} for {@code slot}, started at {@code startedAt} (null when it never
   * started).
   *
   * @return true if this call recorded it
   */
  static boolean record(
      RunSpec spec, RunFiles files, Slot slot, Instant startedAt, Verdict verdict) {
    Instant now = Instant.now();
    RunError error = Endings.error(verdict.error());
    switch (verdict.action()) {
      case END -> {
        RunStatus status = Endings.status(verdict.ending());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("status", status.name());
        values.put("attempt", Integer.toString(slot.attempt()));
        values.put("startedAt", startedAt == null ? null : startedAt.toString());
        values.put("finishedAt", now.toString());
        values.put("result", verdict.resultJson());
        values.put("errorType", error == null ? null : error.type());
        values.put("errorMessage", error == null ? null : error.message());
        if (!RecordFile.of(values).createAt(files.file(RunFiles.FINAL))) {
          return false;
        }
        files.log("[overtime] run ended " + status + (error == null ? "" : ": " + error));
        try {
          Files.deleteIfExists(files.file(RunFiles.PAYLOAD));
        } catch (IOException e) {
          // Only disk space is at stake.
        }
        return true;
      }
      case RETRY, START_AGAIN -> {
        boolean retry = verdict.action() == Verdict.Action.RETRY;
        Duration delay =
            Backoff.after(
                spec.retryBaseMillis(), retry ? slot.attempt() : files.failedStarts() + 1);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("action", verdict.action().name());
        values.put("ending", verdict.ending() == null ? null : verdict.ending().name());
        values.put("errorType", error == null ? null : error.type());
        values.put("errorMessage", error == null ? null : error.message());
        values.put("decidedAt", now.toString());
        values.put("notBefore", now.plus(delay).toString());
        if (!RecordFile.of(values).createAt(files.endFile(slot))) {
          return false;
        }
        files.log(
            retry
                ? "[overtime] attempt "
                    + slot.attempt()
                    + " ended "
                    + verdict.ending()
                    + " ("
                    + error
                    + "); attempt "
                    + (slot.attempt() + 1)
                    + " in "
                    + delay.toMillis()
                    + " ms"
                : "[overtime] attempt "
                    + slot.attempt()
                    + " did not reach its handler ("
                    + error
                    + "); starting it again in "
                    + delay.toMillis()
                    + " ms (at most "
                    + AttemptLifecycle.START_LIMIT
                    + " starts)");
        return true;
      }
    }
    throw new IllegalStateException("unknown verdict " + verdict);
  }

  /** The slot that follows {@code slot} once its end record says what comes next. */
  static Slot next(Slot slot, RecordFile end) {
    return "RETRY".equals(end.get("action")) ? slot.nextAttempt() : slot.nextStart();
  }
}
