package dev.overtime.engine.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one run on the shared file system, {@code <dir>/runs/<runId>/}. Every state
 * change is a new file created once ({@link WriteOnceFile}); nothing is ever rewritten, so several
 * submitters, the attempt runner on a node and a runner started again by Slurm's requeue can race
 * on any step and exactly one wins it:
 *
 * <pre>
 * run.properties             the run as submitted ({@link RunSpec})
 * payload.json               the payload
 * job.sh                     the batch script
 * submitted-&lt;jobId&gt;         one empty file per Slurm job submitted for the run
 * attempt-N-S.claim          start S of attempt N began (who: Slurm job, restart count, node)
 * attempt-N-S.lock           locked by its runner while it runs that start ({@link AttemptLock})
 * attempt-N-S.timeout        the runner stopped that start at its deadline
 * began-N-S.json, outcome-N-S.json   the bootstrap's documents
 * attempt-N-S.end            the lifecycle's verdict RETRY or START_AGAIN for that start
 * cancel.properties          a cancel was requested
 * final.properties           the run ended: status, result, error
 * run.log                    the output of every attempt
 * </pre>
 */
final class RunFiles {
  static final String SPEC = "run.properties";
  static final String FINAL = "final.properties";
  static final String CANCEL = "cancel.properties";
  static final String PAYLOAD = "payload.json";
  static final String SCRIPT = "job.sh";
  static final String LOG = "run.log";

  /** The latest progress of the running attempt, kept by its process (OVERTIME_PROGRESS_URI). */
  static final String PROGRESS = "progress.json";

  /** The run's tags, separated by spaces (a tag has none); absent for a run without tags. */
  static final String TAGS = "tags.txt";

  private static final String SUBMITTED = "submitted-";

  private final Path directory;
  private final List<String> listed; // null: list the directory on every call

  RunFiles(Path directory) {
    this(directory, null);
  }

  private RunFiles(Path directory, List<String> listed) {
    this.directory = directory;
    this.listed = listed;
  }

  /**
   * These files with the directory listed once, now: for one read of the run (a view lists claims,
   * ends and submissions several times). Files written after this call are read if asked for by
   * name, but not listed.
   */
  RunFiles listedOnce() {
    return listed != null ? this : new RunFiles(directory, names());
  }

  Path directory() {
    return directory;
  }

  Path file(String name) {
    return directory.resolve(name);
  }

  /** The run's tags, as written at submit; none when it has no tags file. */
  List<String> tags() {
    try {
      String text = Files.readString(file(TAGS)).trim();
      return text.isEmpty() ? List.of() : List.of(text.split(" "));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file(TAGS), e);
    }
  }

  Path claimFile(Slot slot) {
    return directory.resolve(slot.name() + ".claim");
  }

  Path endFile(Slot slot) {
    return directory.resolve(slot.name() + ".end");
  }

  Path lockFile(Slot slot) {
    return directory.resolve(slot.name() + ".lock");
  }

  Path timeoutFile(Slot slot) {
    return directory.resolve(slot.name() + ".timeout");
  }

  Path outcomeFile(Slot slot) {
    return directory.resolve("outcome-" + slot.attempt() + "-" + slot.start() + ".json");
  }

  Path beganFile(Slot slot) {
    return directory.resolve("began-" + slot.attempt() + "-" + slot.start() + ".json");
  }

  /** The run as submitted, or empty while it is being created (or was never completed). */
  Optional<RunSpec> spec() {
    Path file = file(SPEC);
    return RecordFile.read(file).map(record -> RunSpec.from(record, file));
  }

  Optional<RecordFile> finalRecord() {
    return RecordFile.read(file(FINAL));
  }

  Optional<RecordFile> cancel() {
    return RecordFile.read(file(CANCEL));
  }

  Optional<RecordFile> claim(Slot slot) {
    return RecordFile.read(claimFile(slot));
  }

  Optional<RecordFile> end(Slot slot) {
    return RecordFile.read(endFile(slot));
  }

  boolean timedOut(Slot slot) {
    return Files.exists(timeoutFile(slot));
  }

  /** The latest claimed slot, or empty when no attempt was ever started. */
  Optional<Slot> latestSlot() {
    return names().stream().map(Slot::ofClaimFile).filter(s -> s != null).max(Slot::compareTo);
  }

  /** Every claimed slot, oldest first. */
  List<Slot> claimedSlots() {
    return names().stream().map(Slot::ofClaimFile).filter(s -> s != null).sorted().toList();
  }

  /** How many starts of this run never reached the handler (START_AGAIN verdicts). */
  int failedStarts() {
    int failed = 0;
    for (String name : names()) {
      Slot slot = Slot.ofClaimFile(name);
      if (slot != null
          && end(slot).map(end -> "START_AGAIN".equals(end.get("action"))).orElse(false)) {
        failed++;
      }
    }
    return failed;
  }

  /** Records that Slurm job {@code jobId} was submitted for this run. */
  void markSubmitted(String jobId) {
    try {
      Files.createDirectories(directory);
      Files.createFile(directory.resolve(SUBMITTED + jobId));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Already recorded (by the submitter, or by the job itself when it started).
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the Slurm job of run " + directory, e);
    }
  }

  /** The Slurm jobs submitted for this run, oldest first. */
  List<String> submittedJobs() {
    List<String> jobs = new ArrayList<>();
    for (String name : names()) {
      if (name.startsWith(SUBMITTED)) {
        jobs.add(name.substring(SUBMITTED.length()));
      }
    }
    jobs.sort(java.util.Comparator.comparingLong(RunFiles::numeric));
    return jobs;
  }

  /** Appends one line to the run's log (the runner's own lines; the processes append theirs). */
  void log(String line) {
    try {
      Files.write(
          file(LOG),
          (line + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("[overtime] cannot write the log of " + directory + ": " + e);
    }
  }

  private List<String> names() {
    if (listed != null) {
      return listed;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run directory " + directory, e);
    }
  }

  private static long numeric(String jobId) {
    try {
      return Long.parseLong(jobId.replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
