package dev.overtime.engine.slurm;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.Ending;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a run's batch script starts on the node: {@code java -cp <app>
 * dev.overtime.engine.slurm.AttemptRunner <run directory>}. It runs the run's attempts one after
 * the other inside the job's allocation, each a child process of {@code
 * dev.overtime.bootstrap.Main} with the run contract, decides after each through {@link
 * AttemptLifecycle} (the same rules as every engine), waits the backoff before a retry, and writes
 * the run's final record, so that nothing outside the cluster has to watch.
 *
 * <p>Every start is first claimed with a write-once file naming this Slurm job and its restart
 * count. So a second Slurm job for the same run (a submitter that died after {@code sbatch} and was
 * repaired) finds the claim and leaves; and when Slurm requeues the job after a node failure, the
 * new execution finds its earlier self's claim without a verdict and decides it from what the
 * attempt left (its outcome, its began document): a finished attempt is never run a second time.
 *
 * <p>SIGTERM ({@code scancel}, which the engine sends after recording {@code cancel.properties})
 * reaches the child too; the runner waits for it to report and records the cancel. A SIGTERM that
 * no cancel asked for (Slurm's time limit, a requeue) leaves the attempt undecided, for the next
 * execution or the submitter to decide as vanished.
 */
public final class AttemptRunner {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final List<String> RUNNER_JVM_OPTIONS =
      List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  private final RunFiles files;
  private final RunSpec spec;
  private final String jobId;
  private final int restart;
  private final String node;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean terminating;
  private volatile Process child;

  AttemptRunner(RunFiles files, RunSpec spec, String jobId, int restart, String node) {
    this.files = files;
    this.spec = spec;
    this.jobId = jobId;
    this.restart = restart;
    this.node = node;
  }

  /** The JVM options of the runner itself (it only waits and writes small files). */
  static List<String> jvmOptions() {
    return RUNNER_JVM_OPTIONS;
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println(
          "[overtime.bad-invocation] Usage: java -cp <app> "
              + AttemptRunner.class.getName()
              + " <run directory>; the Slurm engine's batch script passes it.");
      System.exit(2);
    }
    RunFiles files = new RunFiles(Path.of(args[0]));
    Optional<RunSpec> spec = files.spec();
    if (spec.isEmpty()) {
      System.err.println(
          "[overtime.bad-invocation] "
              + files.file(RunFiles.SPEC)
              + " does not exist; is the shared directory mounted on this node at the same path?");
      System.exit(2);
    }
    Map<String, String> env = System.getenv();
    String jobId = env.getOrDefault("SLURM_JOB_ID", "manual-" + ProcessHandle.current().pid());
    int restart = Integer.parseInt(env.getOrDefault("SLURM_RESTART_COUNT", "0").trim());
    String node = env.getOrDefault("SLURMD_NODENAME", env.getOrDefault("HOSTNAME", "?"));
    if (env.containsKey("SLURM_JOB_ID")) {
      files.markSubmitted(jobId);
    }
    AttemptRunner runner = new AttemptRunner(files, spec.get(), jobId, restart, node);
    Runtime.getRuntime().addShutdownHook(new Thread(runner::onTerminate, "overtime-sigterm"));
    try {
      runner.run();
    } finally {
      runner.finished.countDown();
    }
    if (!runner.terminating) {
      System.exit(0);
    }
  }

  /** Runs attempts until the run has its final record, or this job should leave it. */
  void run() {
    while (!terminating) {
      if (files.finalRecord().isPresent()) {
        return;
      }
      Optional<Slot> latest = files.latestSlot();
      Slot next;
      if (latest.isEmpty()) {
        next = Slot.FIRST;
      } else {
        Slot slot = latest.get();
        Optional<RecordFile> end = files.end(slot);
        if (end.isPresent()) {
          next = VerdictRecorder.next(slot, end.get());
          if (!waitUntil(Instant.parse(end.get().require("notBefore", files.endFile(slot))))) {
            continue;
          }
        } else {
          RecordFile claim = files.claim(slot).orElseThrow();
          if (!leftBehind(slot, claim)) {
            files.log(
                "[overtime] Slurm job "
                    + jobId
                    + " leaves the run to Slurm job "
                    + claim.get("jobId")
                    + ", which runs attempt "
                    + slot.attempt());
            return;
          }
          files.log(
              "[overtime] attempt "
                  + slot.attempt()
                  + " (Slurm job "
                  + claim.get("jobId")
                  + ", restart "
                  + claim.get("restart")
                  + ", node "
                  + claim.get("node")
                  + ") was left undecided; deciding it from the files it left");
          decide(slot, startedAt(claim), SlurmAttempts.vanished(spec, files, slot));
          continue;
        }
      }
      if (files.cancel().isPresent()) {
        decide(next, null, SlurmAttempts.neverStarted("cancelled before it started"));
        continue;
      }
      Instant startedAt = Instant.now();
      Instant deadline = startedAt.plusMillis(spec.timeoutMillis());
      Map<String, String> claim = new LinkedHashMap<>();
      claim.put("jobId", jobId);
      claim.put("restart", Integer.toString(restart));
      claim.put("node", node);
      claim.put("startedAt", startedAt.toString());
      claim.put("deadline", deadline.toString());
      AttemptLock lock;
      try {
        // Locked before the claim is published, so nobody sees the claim without its lock.
        lock = AttemptLock.hold(files.lockFile(next));
        if (lock == null) {
          continue; // another execution is claiming this start right now
        }
      } catch (IOException | RuntimeException e) {
        files.log(
            "[overtime] cannot lock " + files.lockFile(next) + ": " + e + "; leaving the run");
        return;
      }
      try (lock) {
        if (!RecordFile.of(claim).createAt(files.claimFile(next))) {
          continue; // another execution took this start; the loop sees what it did
        }
        // A cancel recorded before our claim is seen here; one recorded after it sees our claim.
        if (files.cancel().isPresent()) {
          decide(next, startedAt, SlurmAttempts.neverStarted("cancelled before it started"));
          continue;
        }
        runSlot(next, startedAt, deadline);
      }
    }
  }

  /**
   * Whether the runner of an undecided start is gone, so that this execution decides it: its lock
   * says so; without a lock file, its Slurm job does (an earlier execution of this job, requeued,
   * or another job that Slurm says is gone).
   */
  private boolean leftBehind(Slot slot, RecordFile claim) {
    Optional<Boolean> held = AttemptLock.isHeld(files.lockFile(slot));
    if (held.isPresent()) {
      return !held.get();
    }
    String claimant = claim.get("jobId");
    if (jobId.equals(claimant)) {
      return true; // an earlier execution of this very job (Slurm requeued it)
    }
    return spec.commands().state(claimant) == SlurmCommands.JobState.GONE;
  }

  private void runSlot(Slot slot, Instant startedAt, Instant deadline) {
    files.log(
        "[overtime] attempt "
            + slot.attempt()
            + " of "
            + spec.maxAttempts()
            + " started at "
            + startedAt
            + ", deadline "
            + deadline
            + " (Slurm job "
            + jobId
            + " on node "
            + node
            + ")");
    Process process;
    try {
      process = start(slot, deadline);
    } catch (IOException | RuntimeException e) {
      files.log("[overtime] could not start the process of attempt " + slot.attempt() + ": " + e);
      decide(
          slot,
          startedAt,
          SlurmAttempts.neverStarted(e.getMessage() == null ? e.toString() : e.getMessage()));
      return;
    }
    child = process;
    if (terminating) {
      signal(process, false);
    }
    long hardStop = deadline.toEpochMilli() + spec.graceMillis();
    long killAt = Long.MAX_VALUE;
    boolean cancelSignalled = false;
    while (true) {
      try {
        if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        // Never interrupted on purpose; keep watching the child.
      }
      long now = System.currentTimeMillis();
      if (!cancelSignalled && files.cancel().isPresent()) {
        cancelSignalled = true;
        signal(process, false);
        killAt = Math.min(killAt, now + spec.graceMillis());
      }
      if (now > hardStop && !files.timedOut(slot)) {
        // The bootstrap stops itself at its deadline; this is for one that cannot.
        try {
          WriteOnceFile.create(files.timeoutFile(slot), new byte[0]);
        } catch (IOException e) {
          files.log("[overtime] cannot record the timeout of attempt " + slot.attempt() + ": " + e);
        }
        signal(process, false);
        killAt = Math.min(killAt, now + spec.graceMillis());
      }
      if (now > killAt) {
        signal(process, true);
        killAt = Long.MAX_VALUE;
      }
    }
    child = null;
    int exitCode = process.exitValue();
    if (terminating && files.cancel().isEmpty() && !succeeded(slot)) {
      files.log(
          "[overtime] attempt "
              + slot.attempt()
              + " was stopped by Slurm (time limit, requeue or node shutdown, not a cancel);"
              + " it is decided when the job runs again or ends");
      return;
    }
    decide(slot, startedAt, SlurmAttempts.exited(spec, files, slot, exitCode));
  }

  private Process start(Slot slot, Instant deadline) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(spec.java());
    command.addAll(spec.jvmOptions());
    command.add("-Xmx" + spec.memoryMib() + "m");
    command.add("@" + spec.classpathFile());
    command.add(RunContract.BOOTSTRAP_MAIN_CLASS);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.directory(files.directory().toFile());
    Map<String, String> env = builder.environment();
    env.remove(RunContract.PAYLOAD);
    env.remove(RunContract.PAYLOAD_URI);
    env.put(RunContract.JOB, spec.job());
    env.put(RunContract.RUN_ID, spec.id());
    env.put(RunContract.ATTEMPT, Integer.toString(slot.attempt()));
    env.put(RunContract.DEADLINE, deadline.toString());
    env.put(RunContract.RESULT_URI, files.outcomeFile(slot).toUri().toString());
    env.put(RunContract.BEGAN_URI, files.beganFile(slot).toUri().toString());
    // Progress is the current attempt's: a retry starts from what it reports.
    Path progress = files.file(RunFiles.PROGRESS);
    Files.deleteIfExists(progress);
    env.put(RunContract.PROGRESS_URI, progress.toUri().toString());
    Path payload = files.file(RunFiles.PAYLOAD);
    if (Files.size(payload) > RunContract.INLINE_PAYLOAD_LIMIT_BYTES) {
      env.put(RunContract.PAYLOAD_URI, payload.toUri().toString());
    } else {
      env.put(RunContract.PAYLOAD, Files.readString(payload, StandardCharsets.UTF_8));
    }
    return builder.start();
  }

  private void decide(Slot slot, Instant startedAt, AttemptFact fact) {
    Verdict verdict = AttemptLifecycle.decide(SlurmAttempts.state(spec, files, slot), fact);
    VerdictRecorder.record(spec, files, slot, startedAt, verdict);
  }

  private boolean succeeded(Slot slot) {
    try {
      RunOutcome outcome = OutcomeDocument.read(Files.readAllBytes(files.outcomeFile(slot)));
      return outcome.isOf(spec.id(), slot.attempt()) && outcome.status() == Ending.SUCCEEDED;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Waits until {@code instant}; true at once for a cancel, false for a SIGTERM without one. */
  private boolean waitUntil(Instant instant) {
    while (Instant.now().isBefore(instant)) {
      if (files.cancel().isPresent()) {
        return true; // the caller records the cancel, even while SIGTERM ends this JVM
      }
      if (terminating) {
        return false;
      }
      try {
        Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, instant.toEpochMilli() - now())));
      } catch (InterruptedException e) {
        // keep waiting
      }
    }
    return true;
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  /** SIGTERM (scancel, Slurm's time limit, a requeue): stop the child, let the main loop record. */
  private void onTerminate() {
    terminating = true;
    Process running = child;
    if (running != null) {
      signal(running, false);
    }
    try {
      finished.await(spec.graceMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Signals the child and everything it started: SIGTERM, or SIGKILL when {@code kill}. */
  private static void signal(Process process, boolean kill) {
    java.util.function.Consumer<ProcessHandle> send =
        kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy;
    process.toHandle().descendants().forEach(send);
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
  }

  private static Instant startedAt(RecordFile claim) {
    String text = claim.get("startedAt");
    return text == null ? null : Instant.parse(text);
  }
}
