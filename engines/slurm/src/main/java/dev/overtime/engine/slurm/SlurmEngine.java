package dev.overtime.engine.slurm;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.spi.RunPoller;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs as Slurm jobs: each run is one batch job ({@code sbatch --parsable}) whose script starts the
 * {@link AttemptRunner} on the node, which runs the attempts ({@code dev.overtime.bootstrap.Main}
 * child processes with the run contract) and their retries inside the job's allocation. Records are
 * files on a directory that the submitting hosts and the nodes share ({@code OVERTIME_SLURM_DIR}),
 * each created once and atomically, so any number of submitting processes, the CLI and the nodes
 * read and change them safely and a crash of any of them loses nothing.
 *
 * <pre>{@code
 * SlurmEngine engine = SlurmEngine.builder().directory(Path.of("/shared/overtime"))
 *     .partition("batch").build();
 * JobRun<BigInteger> run = Jobs.factorial(engine).run(new FactorialPayload(20));
 * }</pre>
 *
 * <p>See docs/slurm.md for the settings, the directory layout and the mapping to Slurm.
 */
public final class SlurmEngine implements Engine {
  /** The provider name, for {@code OVERTIME_ENGINE}. */
  public static final String NAME = "slurm";

  /** The shared directory (required). */
  public static final String DIRECTORY_VARIABLE = "OVERTIME_SLURM_DIR";

  /** The partition ({@code sbatch --partition}); unset: the cluster's default. */
  public static final String PARTITION_VARIABLE = "OVERTIME_SLURM_PARTITION";

  /** The account ({@code sbatch --account}); unset: the user's default. */
  public static final String ACCOUNT_VARIABLE = "OVERTIME_SLURM_ACCOUNT";

  /** More {@code sbatch} options, separated by spaces; they come last and so win. */
  public static final String SBATCH_OPTIONS_VARIABLE = "OVERTIME_SLURM_SBATCH_OPTIONS";

  /** The directory holding {@code sbatch}, {@code squeue}, {@code scancel}; unset: the PATH. */
  public static final String BIN_VARIABLE = "OVERTIME_SLURM_BIN";

  /** The {@code java} launcher on the nodes; unset: this JVM's own. */
  public static final String JAVA_VARIABLE = "OVERTIME_SLURM_JAVA";

  /** JVM options of the runs' JVMs, separated by spaces. */
  public static final String JVM_OPTIONS_VARIABLE = "OVERTIME_SLURM_JVM_OPTIONS";

  /** Options that make a run's JVM start fast (the same trade-off as the local engine's). */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xms8m");

  /**
   * How long a run may stay without a Slurm job before a reader submits it (its submitter died).
   */
  static final Duration SUBMIT_GRACE = Duration.ofSeconds(10);

  /** How often one engine asks Slurm about one unfinished run. */
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

  private final Path directory;
  private final String partition;
  private final String account;
  private final List<String> extraOptions;
  private final String slurmBin;
  private final String slurmConf;
  private final SlurmCommands commands;
  private final String java;
  private final List<String> jvmOptions;
  private final String classpath;
  private final Duration retryBaseDelay;
  private final Duration gracePeriod;
  private final RunIds ids = new RunIds();
  private final Map<String, Long> lastChecked = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private SlurmEngine(Builder builder) {
    if (builder.directory == null) {
      throw new IllegalArgumentException(
          DIRECTORY_VARIABLE
              + " is not set; set it to a directory that this host and every node of the"
              + " cluster see at the same path (NFS, Lustre, GPFS), e.g. /shared/overtime, or"
              + " call SlurmEngine.builder().directory(...)");
    }
    this.directory = builder.directory.toAbsolutePath().normalize();
    this.partition = builder.partition;
    this.account = builder.account;
    this.extraOptions = List.copyOf(builder.extraOptions);
    this.slurmBin = builder.slurmBin == null ? null : builder.slurmBin.toString();
    this.slurmConf = builder.slurmConf == null ? null : builder.slurmConf.toString();
    this.java = builder.java;
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.classpath = builder.classpath;
    this.retryBaseDelay = builder.retryBaseDelay;
    this.gracePeriod = builder.gracePeriod;
    this.commands =
        new SlurmCommands(
            builder.slurmBin, slurmConf == null ? Map.of() : Map.of("SLURM_CONF", slurmConf));
    try {
      Files.createDirectories(directory.resolve("runs"));
    } catch (IOException e) {
      throw new OvertimeException(
          "Cannot create the Slurm engine's directory "
              + directory
              + " ("
              + e
              + "); check "
              + DIRECTORY_VARIABLE
              + " and that this process may write there",
          e);
    }
  }

  /** A builder with defaults from the process environment. */
  public static Builder builder() {
    return new Builder(System.getenv());
  }

  /** A builder with defaults from {@code environment} (the variables of docs/slurm.md). */
  public static Builder builder(Map<String, String> environment) {
    return new Builder(environment);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shared directory of this engine's records. */
  public Path directory() {
    return directory;
  }

  @Override
  public RunRecord submit(SubmitRequest request) {
    ensureOpen();
    request.refuseWaiting(name());
    JobDescriptor<?, ?> job = request.job();
    Optional<String> key = request.options().idempotencyKey();
    Path keyFile = key.map(k -> keyFile(job.name(), k)).orElse(null);
    if (keyFile != null) {
      Optional<RunRecord> existing = byKey(keyFile);
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    String id = ids.next();
    RunFiles files = files(id);
    RunSpec spec;
    try {
      spec =
          new RunSpec(
              id,
              job.name(),
              Instant.now(),
              job.retries() + 1,
              request.timeout().toMillis(),
              job.memoryMib(),
              job.cpuUnits(),
              retryBaseDelay.toMillis(),
              gracePeriod.toMillis(),
              key.orElse(null),
              java,
              jvmOptions,
              classpathFile(),
              slurmBin,
              slurmConf);
      Files.createDirectories(files.directory());
      WriteOnceFile.create(
          files.file(RunFiles.PAYLOAD), request.payloadJson().getBytes(StandardCharsets.UTF_8));
      if (!request.options().tags().isEmpty()) {
        // Before the spec: a run exists only with its tags.
        WriteOnceFile.create(
            files.file(RunFiles.TAGS),
            String.join(" ", request.options().tags()).getBytes(StandardCharsets.UTF_8));
      }
      WriteOnceFile.create(
          files.file(RunFiles.SCRIPT),
          BatchScript.text(spec, files).getBytes(StandardCharsets.UTF_8));
      // The run exists from here on: a reader submits it if this process dies before sbatch.
      spec.toRecord().createAt(files.file(RunFiles.SPEC));
      if (keyFile != null && !WriteOnceFile.create(keyFile, id.getBytes(StandardCharsets.UTF_8))) {
        // Another submitter won the key while this one wrote its run: that run is the run.
        abandon(files);
        return byKey(keyFile)
            .orElseThrow(() -> new IllegalStateException("key file without run: " + keyFile));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new OvertimeException(
          "Cannot record a run of job '"
              + job.name()
              + "' under "
              + directory
              + " ("
              + e
              + "); check that "
              + DIRECTORY_VARIABLE
              + " is writable and not full",
          e);
    }
    sbatch(spec, files, true);
    return RunView.of(files).orElseThrow();
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    ensureOpen();
    Objects.requireNonNull(runId, "runId");
    if (!RunIds.isWellFormed(runId)) {
      return Optional.empty();
    }
    RunFiles files = files(runId);
    Optional<RunRecord> run = RunView.of(files);
    if (run.isPresent() && !run.get().status().isTerminal() && dueForCheck(runId)) {
      reconcile(files);
      run = RunView.of(files);
    }
    return run;
  }

  /**
   * Runs newest first, from the files alone (no Slurm command).
   *
   * @param job only runs of this job, or all when null
   * @param status only runs in this status, or all when null
   * @param limit at most this many, from 1
   */
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    return list(job, status, null, limit);
  }

  /**
   * Runs newest first, optionally only those carrying {@code tag}.
   *
   * @param job only runs of this job, or all when null
   * @param status only runs in this status, or all when null
   * @param tag only runs with this tag, or all when null
   * @param limit at most this many, from 1
   */
  public List<RunRecord> list(String job, RunStatus status, String tag, int limit) {
    ensureOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    List<String> runIds;
    try (Stream<Path> runs = Files.list(directory.resolve("runs"))) {
      runIds =
          runs.map(path -> path.getFileName().toString())
              .filter(RunIds::isWellFormed)
              .sorted(Comparator.reverseOrder())
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the runs under " + directory, e);
    }
    List<RunRecord> found = new ArrayList<>();
    for (String runId : runIds) {
      Optional<RunRecord> run = RunView.of(files(runId));
      if (run.isPresent()
          && (job == null || job.equals(run.get().job()))
          && (status == null || status == run.get().status())
          && (tag == null || run.get().details().tags().contains(tag))) {
        found.add(run.get());
        if (found.size() == limit) {
          break;
        }
      }
    }
    return found;
  }

  /** The run's log: the output of every attempt and the engine's own lines. */
  public Path logFile(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      throw new IllegalArgumentException(
          "Not a run id: '" + runId + "'; pass the id returned by run(...)");
    }
    return files(runId).file(RunFiles.LOG);
  }

  /** The Slurm jobs submitted for the run, oldest first (normally one). */
  public List<String> slurmJobs(String runId) {
    return RunIds.isWellFormed(runId) ? files(runId).submittedJobs() : List.of();
  }

  @Override
  public RunRecord cancel(String job, String runId) {
    ensureOpen();
    RunFiles files = files(runId);
    RunRecord run =
        (RunIds.isWellFormed(runId) ? RunView.of(files) : Optional.<RunRecord>empty())
            .orElseThrow(() -> new UnknownRunException(job, runId, NAME));
    if (run.status().isTerminal()) {
      return run;
    }
    RunSpec spec = files.spec().orElseThrow();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("requestedAt", Instant.now().toString());
    request.put("by", ProcessHandle.current().pid() + "@" + hostName());
    RecordFile.of(request).createAt(files.file(RunFiles.CANCEL));
    // Written before looking for a claim: a runner that claims after this look sees the cancel.
    if (files.latestSlot().isEmpty()) {
      VerdictRecorder.record(
          spec,
          files,
          Slot.FIRST,
          null,
          AttemptLifecycle.decide(
              SlurmAttempts.state(spec, files, Slot.FIRST),
              SlurmAttempts.neverStarted("cancelled while queued")));
    }
    for (String slurmJob : files.submittedJobs()) {
      try {
        commands.scancel(slurmJob);
      } catch (SlurmCommandException e) {
        // The runner sees cancel.properties within a tenth of a second and stops the attempt.
        files.log("[overtime] scancel " + slurmJob + " failed: " + e.getMessage());
      }
    }
    return RunView.of(files).orElseThrow();
  }

  @Override
  public RunRecord await(String job, String runId, Duration timeout) {
    return RunPoller.await(
        this, job, runId, timeout, Duration.ofMillis(50), Duration.ofMillis(500));
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * Asks Slurm about an unfinished run whose records may be stale: a run that never got its Slurm
   * job (its submitter died) is submitted; a run whose every Slurm job is gone without a final
   * record (the allocation died) has its open attempt decided as vanished, and another job
   * submitted when the lifecycle says to go on. Every step is a write-once file, so engines racing
   * here decide once.
   */
  private void reconcile(RunFiles files) {
    RunSpec spec = files.spec().orElseThrow();
    List<String> jobs = files.submittedJobs();
    if (jobs.isEmpty()) {
      if (Instant.now().isAfter(spec.createdAt().plus(SUBMIT_GRACE)) && ownsItsKey(spec, files)) {
        files.log("[overtime] run " + spec.id() + " has no Slurm job; submitting it");
        sbatch(spec, files, false);
      }
      return;
    }
    for (String slurmJob : jobs) {
      if (commands.state(slurmJob) != SlurmCommands.JobState.GONE) {
        return; // live, or the controller cannot say now: nothing to repair
      }
    }
    if (files.finalRecord().isPresent()) {
      return;
    }
    Optional<Slot> latest = files.latestSlot();
    String lastJob = jobs.get(jobs.size() - 1);
    Slot slot;
    AttemptFact fact;
    if (latest.isPresent() && files.end(latest.get()).isEmpty()) {
      if (AttemptLock.isHeld(files.lockFile(latest.get())).orElse(false)) {
        return; // its runner still holds its lock, whatever Slurm says about its job
      }
      // A start that its runner never decided: the allocation died under it.
      slot = latest.get();
      fact = SlurmAttempts.vanished(spec, files, slot);
    } else {
      // The next start was never claimed: the job ended before its runner got to it (no java on
      // the node, no shared directory there), or died in the backoff. Claim it for the record.
      slot =
          latest
              .map(last -> VerdictRecorder.next(last, files.end(last).orElseThrow()))
              .orElse(Slot.FIRST);
      Map<String, String> claim = new LinkedHashMap<>();
      claim.put("jobId", lastJob);
      claim.put("node", "-");
      if (!RecordFile.of(claim).createAt(files.claimFile(slot))) {
        return; // another reader is deciding it
      }
      fact =
          files.cancel().isPresent()
              ? SlurmAttempts.neverStarted("cancelled between attempts")
              : SlurmAttempts.neverStarted(
                  "Slurm job "
                      + lastJob
                      + " ended before its attempt runner started attempt "
                      + slot.attempt()
                      + " (is java at "
                      + spec.java()
                      + " and the directory "
                      + directory
                      + " on the nodes?); see the run's log");
    }
    Verdict verdict = AttemptLifecycle.decide(SlurmAttempts.state(spec, files, slot), fact);
    String startedAt = files.claim(slot).map(claim -> claim.get("startedAt")).orElse(null);
    if (VerdictRecorder.record(
            spec, files, slot, startedAt == null ? null : Instant.parse(startedAt), verdict)
        && !verdict.ends()) {
      files.log("[overtime] every Slurm job of run " + spec.id() + " ended; submitting another");
      sbatch(spec, files, false);
    }
  }

  /** Submits the run's batch script; a controller that cannot be reached leaves it for later. */
  private void sbatch(RunSpec spec, RunFiles files, boolean firstTime) {
    List<String> options =
        BatchScript.options(
            spec, files, BatchScript.cpus(spec.cpus()), partition, account, extraOptions);
    try {
      files.markSubmitted(commands.sbatch(options, files.file(RunFiles.SCRIPT)));
    } catch (SlurmCommandException e) {
      if (e.controllerUnreachable()) {
        files.log("[overtime] sbatch could not reach the controller; the run is submitted later");
        return;
      }
      String message =
          "Slurm rejected run "
              + spec.id()
              + " of job '"
              + spec.job()
              + "': "
              + e.getMessage()
              + ". Check "
              + PARTITION_VARIABLE
              + ", "
              + ACCOUNT_VARIABLE
              + " and "
              + SBATCH_OPTIONS_VARIABLE
              + " (the options were "
              + options
              + ")";
      Map<String, String> failed = new LinkedHashMap<>();
      failed.put("status", RunStatus.FAILED.name());
      failed.put("attempt", "1");
      failed.put("finishedAt", Instant.now().toString());
      failed.put("errorType", dev.overtime.contract.ErrorCode.START_FAILED.id());
      failed.put("errorMessage", message);
      RecordFile.of(failed).createAt(files.file(RunFiles.FINAL));
      files.log("[overtime] " + message);
      if (firstTime) {
        throw new OvertimeException(message);
      }
    }
  }

  private Optional<RunRecord> byKey(Path keyFile) {
    try {
      Optional<byte[]> id = WriteOnceFile.read(keyFile);
      return id.flatMap(bytes -> RunView.of(files(new String(bytes, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the idempotency key " + keyFile, e);
    }
  }

  /** Whether the run holds its idempotency key (if it has one), taking it when nobody does. */
  private boolean ownsItsKey(RunSpec spec, RunFiles files) {
    if (spec.idempotencyKey() == null) {
      return true;
    }
    Path keyFile = keyFile(spec.job(), spec.idempotencyKey());
    try {
      WriteOnceFile.create(keyFile, spec.id().getBytes(StandardCharsets.UTF_8));
      String owner = new String(WriteOnceFile.read(keyFile).orElseThrow(), StandardCharsets.UTF_8);
      if (owner.equals(spec.id())) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    abandon(files);
    return false;
  }

  /** Removes a run that lost its idempotency key before it was ever submitted. */
  private static void abandon(RunFiles files) {
    try (Stream<Path> entries = Files.list(files.directory())) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(RunFiles.SPEC)) {
          Files.deleteIfExists(entry);
        }
      }
      // The spec goes last: until then the directory is a run that readers may still repair.
      Files.deleteIfExists(files.file(RunFiles.SPEC));
      Files.deleteIfExists(files.directory());
    } catch (IOException e) {
      // A leftover directory without a spec is not a run; only disk space is at stake.
    }
  }

  private Path keyFile(String job, String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((job + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return directory.resolve("keys").resolve(HexFormat.of().formatHex(digest) + ".run");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The {@code @argfile} with the runs' class path, one per distinct class path. */
  private Path classpathFile() throws IOException {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256").digest(classpath.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    Path file =
        directory.resolve("classpaths").resolve(HexFormat.of().formatHex(digest, 0, 16) + ".args");
    if (!Files.exists(file)) {
      String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      WriteOnceFile.create(file, ("-cp " + quoted + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private RunFiles files(String runId) {
    return new RunFiles(directory.resolve("runs").resolve(runId));
  }

  private boolean dueForCheck(String runId) {
    long now = System.nanoTime();
    Long last = lastChecked.get(runId);
    if (last != null && now - last < CHECK_INTERVAL.toNanos()) {
      return false;
    }
    lastChecked.put(runId, now);
    return true;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "?";
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("This Slurm engine is closed");
    }
  }

  @Override
  public String toString() {
    return "SlurmEngine{" + directory + "}";
  }

  /** Settings of a {@link SlurmEngine}; each setter checks its value. */
  public static final class Builder {
    private Path directory;
    private String partition;
    private String account;
    private List<String> extraOptions = List.of();
    private Path slurmBin;
    private Path slurmConf;
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private String classpath = System.getProperty("java.class.path");
    private Duration retryBaseDelay = Duration.ofSeconds(1);
    private Duration gracePeriod = Duration.ofSeconds(10);

    private Builder(Map<String, String> environment) {
      String dir = text(environment, DIRECTORY_VARIABLE);
      if (dir != null) {
        directory = Path.of(dir);
      }
      partition = text(environment, PARTITION_VARIABLE);
      account = text(environment, ACCOUNT_VARIABLE);
      String options = text(environment, SBATCH_OPTIONS_VARIABLE);
      if (options != null) {
        extraOptions = words(options);
      }
      String bin = text(environment, BIN_VARIABLE);
      if (bin != null) {
        slurmBin(Path.of(bin));
      }
      String conf = text(environment, "SLURM_CONF");
      if (conf != null) {
        slurmConf = Path.of(conf);
      }
      String javaText = text(environment, JAVA_VARIABLE);
      if (javaText != null) {
        java = javaText;
      }
      String jvm = text(environment, JVM_OPTIONS_VARIABLE);
      if (jvm != null) {
        jvmOptions = words(jvm);
      }
    }

    /** The shared directory; required (or {@code OVERTIME_SLURM_DIR}). */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The partition, or null for the cluster's default. */
    public Builder partition(String partition) {
      this.partition = blankToNull(partition, "partition");
      return this;
    }

    /** The account, or null for the user's default. */
    public Builder account(String account) {
      this.account = blankToNull(account, "account");
      return this;
    }

    /** More sbatch options, e.g. {@code List.of("--qos=long", "--constraint=avx2")}. */
    public Builder sbatchOptions(List<String> options) {
      for (String option : options) {
        if (option == null || !option.startsWith("-")) {
          throw new IllegalArgumentException(
              "sbatch option '" + option + "' does not start with '-'; pass e.g. --qos=long");
        }
      }
      this.extraOptions = List.copyOf(options);
      return this;
    }

    /** The directory of sbatch, squeue and scancel, or null for the PATH. */
    public Builder slurmBin(Path directory) {
      if (directory != null && !Files.isExecutable(directory.resolve("sbatch"))) {
        throw new IllegalArgumentException(
            BIN_VARIABLE
                + " is "
                + directory
                + ", which holds no executable sbatch; point it at Slurm's bin directory, e.g."
                + " /usr/bin");
      }
      this.slurmBin = directory;
      return this;
    }

    /** The slurm.conf the commands read ({@code SLURM_CONF}), or null for Slurm's default. */
    public Builder slurmConf(Path slurmConf) {
      this.slurmConf = slurmConf;
      return this;
    }

    /** The java launcher on the nodes. */
    public Builder java(String java) {
      this.java = Objects.requireNonNull(blankToNull(java, "java"), "java");
      return this;
    }

    /** JVM options of the runs' JVMs. */
    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = List.copyOf(jvmOptions);
      return this;
    }

    /** The runs' class path; it must hold the application, this engine and the bootstrap. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(blankToNull(classpath, "classpath"), "classpath");
      return this;
    }

    /** The first retry's backoff (it doubles per attempt, up to 5 minutes). */
    public Builder retryBaseDelay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("retryBaseDelay must be positive, was " + delay);
      }
      this.retryBaseDelay = delay;
      return this;
    }

    /** How long a stopped attempt gets between SIGTERM and SIGKILL. */
    public Builder gracePeriod(Duration grace) {
      if (grace.isNegative() || grace.isZero()) {
        throw new IllegalArgumentException("gracePeriod must be positive, was " + grace);
      }
      this.gracePeriod = grace;
      return this;
    }

    /**
     * The engine.
     *
     * @throws IllegalArgumentException when the directory is not set
     */
    public SlurmEngine build() {
      return new SlurmEngine(this);
    }

    private static String text(Map<String, String> environment, String name) {
      String value = environment.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> words(String text) {
      return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private static String blankToNull(String value, String field) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank; pass null for none");
      }
      return value;
    }
  }
}
