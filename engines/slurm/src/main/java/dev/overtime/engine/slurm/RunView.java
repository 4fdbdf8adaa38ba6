package dev.overtime.engine.slurm;

import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.spi.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A run's {@link RunRecord} as its files say it, without asking Slurm. */
final class RunView {
  private RunView() {}

  /**
   * The run's record, with the latest progress its process keeps in {@code progress.json}, or empty
   * while its directory is incomplete (it is being created).
   */
  static Optional<RunRecord> of(RunFiles run) {
    RunFiles files = run.listedOnce();
    return withoutTags(files)
        .map(
            record -> {
              List<String> tags = files.tags();
              return tags.isEmpty()
                  ? record
                  : record.withDetails(record.details().toBuilder().tags(tags).build());
            })
        .map(record -> withAttempts(record, files))
        .map(record -> Progress.attach(record, progress(files)));
  }

  /**
   * When each attempt started and ended, from its claim and end files: an attempt started more than
   * once (its handler never began) counts from its latest start; the last attempt of an ended run
   * ends when the run's final record says.
   */
  static RunRecord withAttempts(RunRecord record, RunFiles files) {
    Map<Integer, AttemptSpan> spans = new TreeMap<>();
    for (Slot slot : files.claimedSlots()) {
      Instant startedAt =
          files.claim(slot).map(claim -> instant(claim.get("startedAt"))).orElse(null);
      if (startedAt == null) {
        continue;
      }
      Optional<RecordFile> end = files.end(slot);
      Instant endedAt = end.map(e -> instant(e.get("decidedAt"))).orElse(null);
      RunStatus status = end.map(e -> e.get("ending")).map(RunStatus::valueOf).orElse(null);
      spans.put(
          slot.attempt(),
          new AttemptSpan(slot.attempt(), startedAt, status == null ? null : endedAt, status));
    }
    if (record.status().isTerminal() && spans.containsKey(record.attempt())) {
      AttemptSpan last = spans.get(record.attempt());
      if (last.endedAt() == null && record.finishedAt() != null) {
        spans.put(
            last.attempt(),
            new AttemptSpan(
                last.attempt(), last.startedAt(), record.finishedAt(), record.status()));
      }
    }
    if (spans.isEmpty()) {
      return record;
    }
    return record.withDetails(
        record.details().toBuilder().attempts(List.copyOf(spans.values())).build());
  }

  private static byte[] progress(RunFiles files) {
    try {
      return Files.readAllBytes(files.file(RunFiles.PROGRESS));
    } catch (IOException | RuntimeException e) {
      return null; // none yet, or unreadable: progress is advisory
    }
  }

  private static Optional<RunRecord> withoutTags(RunFiles files) {
    Optional<RunSpec> found = files.spec();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RunSpec spec = found.get();
    Optional<RecordFile> finished = files.finalRecord();
    if (finished.isPresent()) {
      RecordFile record = finished.get();
      String errorType = record.get("errorType");
      return Optional.of(
          new RunRecord(
              spec.id(),
              spec.job(),
              RunStatus.valueOf(record.get("status")),
              record.getInt("attempt", 1),
              spec.createdAt(),
              instant(record.get("startedAt")),
              instant(record.get("finishedAt")),
              record.get("result"),
              errorType == null ? null : new RunError(errorType, record.get("errorMessage"))));
    }
    Optional<Slot> latest = files.latestSlot();
    if (latest.isEmpty()) {
      return Optional.of(queued(spec, 1, null));
    }
    Slot slot = latest.get();
    Optional<RecordFile> end = files.end(slot);
    if (end.isPresent()) {
      Slot next = VerdictRecorder.next(slot, end.get());
      String errorType = end.get().get("errorType");
      return Optional.of(
          queued(
              spec,
              next.attempt(),
              errorType == null ? null : new RunError(errorType, end.get().get("errorMessage"))));
    }
    Instant startedAt =
        files.claim(slot).map(claim -> instant(claim.get("startedAt"))).orElse(null);
    return Optional.of(
        new RunRecord(
            spec.id(),
            spec.job(),
            RunStatus.RUNNING,
            slot.attempt(),
            spec.createdAt(),
            startedAt,
            null,
            null,
            null));
  }

  private static RunRecord queued(RunSpec spec, int attempt, RunError lastError) {
    return new RunRecord(
        spec.id(),
        spec.job(),
        RunStatus.QUEUED,
        attempt,
        spec.createdAt(),
        null,
        null,
        null,
        lastError);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
