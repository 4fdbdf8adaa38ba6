package dev.overtime.engine.local;

import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.StopRequest;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import dev.overtime.engine.local.schedule.ScheduleRegistration;
import dev.overtime.runtime.AwaitTimeoutException;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.binding.BoundEnvironment;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The default engine: every run is its own JVM ({@code java -Xmx<memory> -cp <app>
 * dev.overtime.bootstrap.Main}) started with the run contract, and every run is recorded in SQLite
 * under {@code OVERTIME_HOME}, so runs survive restarts and other processes (the CLI, a second app
 * instance) can read and cancel them. This class is a client: it records runs (with how to launch
 * them) and cancel requests, and wakes the home's {@link Supervisor}, starting it detached when
 * none is alive; the supervisor launches, retries and ends runs, so they go on after this
 * application exits.
 *
 * <pre>{@code
 * LocalEngine engine = LocalEngine.builder().home(Path.of(".overtime")).concurrency(4).build();
 * JobRun<BigInteger> run = Jobs.factorial(engine).run(new FactorialPayload(20));
 * }</pre>
 *
 * <p>See docs/local-engine.md for concurrency, memory, timeouts, cancel, retries, logs and
 * recovery.
 */
public final class LocalEngine implements Engine {
  /** The provider name, for {@code OVERTIME_ENGINE}. */
  public static final String NAME = "local";

  /** Where run records and logs live; default {@code .overtime} in the working directory. */
  public static final String HOME_VARIABLE = "OVERTIME_HOME";

  /** The home when {@code OVERTIME_HOME} is unset, relative to the working directory. */
  public static final String DEFAULT_HOME = ".overtime";

  /** How many runs may be running at once; default the number of processors. */
  public static final String CONCURRENCY_VARIABLE = "OVERTIME_LOCAL_CONCURRENCY";

  /**
   * Extra options for the child JVMs, separated by spaces; replaces {@link #DEFAULT_JVM_OPTIONS}.
   */
  public static final String JVM_OPTIONS_VARIABLE = "OVERTIME_LOCAL_JVM_OPTIONS";

  /**
   * How many pre-started JVMs the home's supervisor keeps ready per launch spec (default 1); 0
   * turns warm starts off. See docs/local-engine.md for what they cost.
   */
  public static final String WARM_JVMS_VARIABLE = WarmPool.SIZE_VARIABLE;

  /** Seconds after which the supervisor stops unused warm JVMs (default 300). */
  public static final String WARM_IDLE_VARIABLE = WarmPool.IDLE_VARIABLE;

  /** Options that make a child JVM start fast; see docs/local-engine.md for the trade-off. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xms8m");

  private static final Duration ECHO_INTERVAL = Duration.ofMillis(100);
  private static final Duration ECHO_CHECK = Duration.ofMillis(500);
  private static final Duration CANCEL_WAIT_EXTRA = Duration.ofSeconds(7);
  private static final Duration SUPERVISOR_CHECK = Duration.ofSeconds(2);
  private static final String LOG_FILE = "run.log";

  private final Path home;
  private final int concurrency;
  private final String classpath;
  private final Duration gracePeriod;
  private final List<String> jvmOptions;
  private final Duration retryBaseDelay;
  private final ConsoleEcho echo;
  private final RunStore store;
  private final String owner;
  private final long classpathId;
  private final SupervisorClient supervisor;
  private final RunIds ids = new RunIds();
  private final Map<String, Long> launchSpecIds = new ConcurrentHashMap<>();
  private volatile BoundEnvironment bound;
  private final Map<String, String> followed = new ConcurrentHashMap<>();
  private final ScheduledExecutorService echoTimer;
  private volatile Boolean bootstrapPresent;
  private volatile boolean closed;

  private LocalEngine(Builder builder) {
    this.home = builder.home.toAbsolutePath().normalize();
    this.concurrency = builder.concurrency;
    this.classpath = builder.classpath;
    this.gracePeriod = builder.gracePeriod;
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.retryBaseDelay = builder.retryBaseDelay;
    this.echo = new ConsoleEcho(builder.console);
    this.store = RunStore.open(home);
    ProcessIdentity self = ProcessIdentity.current();
    this.owner =
        self.pid() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    this.classpathId = store.classpathId(classpath);
    store.registerOwner(owner, self, System.currentTimeMillis());
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put(CONCURRENCY_VARIABLE, Integer.toString(concurrency));
    if (builder.supervisorIdle != null) {
      settings.put(Supervisor.IDLE_VARIABLE, builder.supervisorIdle.toMillis() + "ms");
    }
    settings.put(WARM_JVMS_VARIABLE, Integer.toString(builder.warmJvms));
    settings.put(WARM_IDLE_VARIABLE, Long.toString(builder.warmIdle.toSeconds()));
    this.supervisor = new SupervisorClient(home, settings);
    if (echo.enabled()) {
      this.echoTimer = Executors.newSingleThreadScheduledExecutor(daemon("overtime-local-echo"));
      echoTimer.scheduleWithFixedDelay(
          echo::poll, ECHO_INTERVAL.toMillis(), ECHO_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      echoTimer.scheduleWithFixedDelay(
          this::finishEndedEchoes,
          ECHO_CHECK.toMillis(),
          ECHO_CHECK.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      this.echoTimer = null;
    }
  }

  /** A builder with defaults from the process environment. */
  public static Builder builder() {
    return new Builder(System.getenv());
  }

  /**
   * The home named by {@code environment}: {@code $OVERTIME_HOME}, else {@code .overtime} in the
   * working directory. Every client of a home (the CLI, the console) finds it this way.
   */
  public static Path homeFrom(Map<String, String> environment) {
    String homeText = environment.get(HOME_VARIABLE);
    return homeText == null || homeText.isBlank()
        ? Path.of(DEFAULT_HOME)
        : Path.of(homeText.trim());
  }

  static Builder builder(Map<String, String> environment) {
    return new Builder(environment);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The home directory: {@code runs.db} and one directory of files per run under {@code runs/}. */
  public Path home() {
    return home;
  }

  /** How many runs this engine runs at once. */
  public int concurrency() {
    return concurrency;
  }

  @Override
  public RunRecord submit(SubmitRequest request) {
    ensureOpen();
    JobDescriptor<?, ?> job = request.job();
    requireBootstrap(job);
    RunStore.Submitted submitted = store.insert(newRun(request, System.currentTimeMillis()));
    if (submitted.created()) {
      follow(submitted.record(), job);
      supervisor.wake();
    }
    return submitted.record();
  }

  /**
   * Records the batch in one transaction, all or none (see {@link RunStore#insertAll}), then wakes
   * the supervisor once.
   */
  @Override
  public List<RunRecord> submitAll(List<SubmitRequest> requests) {
    ensureOpen();
    long now = System.currentTimeMillis();
    List<RunStore.NewRun> runs = new ArrayList<>(requests.size());
    for (SubmitRequest request : requests) {
      requireBootstrap(request.job());
      runs.add(newRun(request, now));
    }
    List<RunStore.Submitted> submitted = store.insertAll(runs);
    List<RunRecord> records = new ArrayList<>(submitted.size());
    boolean created = false;
    for (int i = 0; i < submitted.size(); i++) {
      RunStore.Submitted each = submitted.get(i);
      if (each.created()) {
        follow(each.record(), requests.get(i).job());
        created = true;
      }
      records.add(each.record());
    }
    if (created) {
      supervisor.wake();
    }
    return records;
  }

  private RunStore.NewRun newRun(SubmitRequest request, long now) {
    JobDescriptor<?, ?> job = request.job();
    return new RunStore.NewRun(
        ids.next(),
        job.name(),
        job.retries() + 1,
        request.payloadJson(),
        request.options().idempotencyKey().orElse(null),
        request.timeout().toMillis(),
        job.memoryMib(),
        classpathId,
        owner,
        now,
        launchSpecId(job.name(), job.memoryMib()),
        request.options().tags(),
        new RunStore.Queueing(request.options().priority(), job.concurrency(), null),
        waiting(request, now));
  }

  private void follow(RunRecord record, JobDescriptor<?, ?> job) {
    if (echo.enabled()) {
      followed.put(record.id(), job.name());
      echo.follow(record.id(), job.name(), logFile(record.id()), 0);
    }
  }

  private void requireBootstrap(JobDescriptor<?, ?> job) {
    if (!bootstrapPresent()) {
      throw new OvertimeException(
          "Cannot start job '"
              + job.name()
              + "' on the local engine: "
              + BootstrapLocator.MAIN_CLASS
              + " is not on the class path of the child processes. Add the dependency"
              + " dev.overtime:overtime-container-bootstrap to the application (Maven:"
              + " <artifactId>overtime-container-bootstrap</artifactId>, scope runtime), or pass a"
              + " class path that has it to LocalEngine.builder().classpath(...).");
    }
  }

  private void started(RunRecord run) {
    if (echo.enabled()) {
      followed.put(run.id(), run.job());
      echo.follow(run.id(), run.job(), logFile(run.id()), 0);
    }
    supervisor.wake();
  }

  /**
   * Records a new run that repeats run {@code runId}: its job, stored payload, attempts, timeout,
   * memory, priority, per-job limit and launch spec (so it runs as the original did, from any
   * process, without the application's classes), with a new id and {@code rerunOf} naming the
   * original. Any run may be re-run, ended or not.
   */
  @Override
  public RunRecord rerun(String job, String runId) {
    ensureOpen();
    Objects.requireNonNull(runId, "runId");
    StoredRun original =
        store
            .find(runId)
            .filter(found -> job == null || found.job().equals(job))
            .orElseThrow(() -> new UnknownRunException(job, runId, NAME));
    String id = ids.next();
    RunRecord rerun = store.insertRerun(original.id(), id, owner, System.currentTimeMillis());
    started(rerun);
    return rerun;
  }

  @Override
  public List<String> rerunsOf(String runId) {
    ensureOpen();
    return store.rerunsOf(Objects.requireNonNull(runId, "runId"));
  }

  /** The start time and time to live of {@code request}'s options, for the store. */
  private static RunStore.Waiting waiting(SubmitRequest request, long createdAt) {
    long startAt =
        request
            .options()
            .startTime(Instant.ofEpochMilli(createdAt))
            .map(Instant::toEpochMilli)
            .orElse(0L);
    long ttl = request.options().timeToLive().map(Duration::toMillis).orElse(0L);
    return new RunStore.Waiting(startAt, ttl);
  }

  /**
   * Moves the start of a run that has not started: {@code DELAYED}, or {@code QUEUED} and never
   * launched. The supervisor is woken, so an earlier time is kept to the millisecond.
   *
   * @throws IllegalStateException once the run has started or ended
   */
  @Override
  public RunRecord reschedule(String job, String runId, Instant startAt) {
    ensureOpen();
    Objects.requireNonNull(startAt, "startAt");
    StoredRun run = store.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
    if (!store.reschedule(runId, startAt.toEpochMilli(), System.currentTimeMillis())) {
      StoredRun latest = store.find(runId).orElse(run);
      throw new IllegalStateException(
          "Run "
              + runId
              + " of job '"
              + job
              + "' cannot be rescheduled: it is "
              + latest.status()
              + (latest.status().isTerminal() ? "" : " and has started")
              + "; only a run that has not started (DELAYED, or QUEUED and never started) can be."
              + " Start a new run instead.");
    }
    supervisor.wake();
    return store.find(runId).orElseThrow().toRecord();
  }

  /**
   * Enables schedules on this engine's home, all in one transaction: from now on the home's
   * supervisor fires each ({@code docs/scheduling.md}), for the fire times after now, with this
   * engine's class path and settings, as if this engine submitted each fire's run. The supervisor
   * is started if none runs, and stays up while any schedule is enabled. A schedule enabled already
   * keeps its last fire (enabling again never fires twice) and takes the new settings.
   *
   * <pre>{@code
   * engine.enableSchedules(List.of(
   *     new ScheduleRegistration(Jobs.report().descriptor(), manifestSchedule, CatchUp.LATEST)));
   * }</pre>
   *
   * @throws IllegalArgumentException if a schedule's id is not its job's ({@code <job>#<index>}) or
   *     its cron expression or zone does not parse
   */
  public List<EnabledSchedule> enableSchedules(List<ScheduleRegistration> schedules) {
    ensureOpen();
    long now = System.currentTimeMillis();
    List<StoredSchedule> rows = new ArrayList<>(schedules.size());
    for (ScheduleRegistration registration : schedules) {
      JobDescriptor<?, ?> job = registration.job();
      ManifestSchedule schedule = registration.schedule();
      requireBootstrap(job);
      rows.add(
          new StoredSchedule(
              schedule.id(),
              job.name(),
              schedule.declared(),
              schedule.cron(),
              schedule.zone(),
              schedule.payload(),
              registration.catchUp(),
              job.retries() + 1,
              job.timeout().toMillis(),
              job.memoryMib(),
              job.concurrency(),
              classpathId,
              launchSpecId(job.name(), job.memoryMib()),
              now,
              0));
    }
    store.putSchedules(rows);
    supervisor.wake();
    List<String> ids = rows.stream().map(StoredSchedule::id).toList();
    return store.schedules().stream()
        .filter(row -> ids.contains(row.id()))
        .map(StoredSchedule::toEnabled)
        .toList();
  }

  /**
   * Disables schedules on this engine's home: they fire no more (a fire's run already recorded goes
   * on). Ids that are not enabled are ignored.
   *
   * @param ids schedule ids ({@code <job>#<index>}), or null for every schedule of the home
   * @return how many were enabled
   */
  public int disableSchedules(List<String> ids) {
    ensureOpen();
    return store.deleteSchedules(ids == null ? null : List.copyOf(ids));
  }

  /** The schedules enabled on this engine's home, by id. */
  public List<EnabledSchedule> enabledSchedules() {
    ensureOpen();
    return store.schedules().stream().map(StoredSchedule::toEnabled).toList();
  }

  /**
   * The environment the deploy configuration file binds to jobs on this machine (docs/aws.md,
   * "Bound resources"), read once; none without a file.
   */
  private BoundEnvironment bound() {
    BoundEnvironment read = bound;
    if (read == null) {
      read =
          BoundEnvironment.locate(System.getenv(), Path.of(System.getProperty("user.dir")))
              .map(BoundEnvironment::read)
              .orElse(BoundEnvironment.none());
      bound = read;
    }
    return read;
  }

  /** The launch spec of this engine's runs of {@code job} with {@code memoryMib}, recorded once. */
  private long launchSpecId(String job, int memoryMib) {
    return launchSpecIds.computeIfAbsent(
        job + "/" + memoryMib,
        key -> {
          List<String> options = new ArrayList<>(jvmOptions);
          options.add("-Xmx" + memoryMib + "m");
          Map<String, String> environment = new java.util.HashMap<>(System.getenv());
          // The job's bound values (and secrets the caller's environment provides), under the run
          // contract: the contract's names are removed below, whatever the file says.
          environment.putAll(bound().forLocalRun(job, System.getenv()));
          for (String name :
              List.of(
                  RunContract.JOB,
                  RunContract.RUN_ID,
                  RunContract.ATTEMPT,
                  RunContract.PAYLOAD,
                  RunContract.PAYLOAD_URI,
                  RunContract.DEADLINE,
                  RunContract.RESULT_URI,
                  RunContract.BEGAN_URI,
                  RunContract.PROGRESS_URI,
                  RunContract.ATTEMPT_LOCK,
                  RunContract.ATTEMPT_CLAIM)) {
            environment.remove(name);
          }
          LaunchSpec spec =
              new LaunchSpec(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  classpath,
                  options,
                  Path.of(System.getProperty("user.dir")).toAbsolutePath(),
                  environment,
                  retryBaseDelay,
                  gracePeriod);
          return store.launchSpecId(spec.encode());
        });
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    ensureOpen();
    return store.find(Objects.requireNonNull(runId, "runId")).map(this::record);
  }

  /**
   * Runs newest first.
   *
   * @param job only runs of this job, or all when null
   * @param status only runs in this status, or all when null
   * @param limit at most this many, from 1
   */
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    ensureOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return RunProgressFile.attachAll(home.resolve("runs"), store.list(job, status, limit));
  }

  /**
   * Runs newest first, optionally only those carrying {@code tag} ({@link
   * dev.overtime.runtime.RunOptions.Builder#tags}).
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
    return RunProgressFile.attachAll(home.resolve("runs"), store.list(job, status, tag, limit));
  }

  /**
   * The run's log file: standard output and standard error of all its attempts. It may not exist
   * yet.
   */
  public Path logFile(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      throw new IllegalArgumentException(
          "Not a run id: '" + runId + "'; pass the id returned by run(...)");
    }
    return runDirectory(runId).resolve(LOG_FILE);
  }

  /**
   * Cancels the run: a delayed or queued run ends CANCELLED at once, without starting; for a
   * running one the request is recorded and the supervisor signals its process (SIGTERM, SIGKILL
   * after the grace period). Waits up to the grace period plus a few seconds for the run to end,
   * and returns its latest record.
   */
  @Override
  public RunRecord cancel(String job, String runId) {
    RunRecord requested = requestCancel(job, runId);
    if (requested.status().isTerminal()) {
      return requested;
    }
    return awaitUntil(
        job, runId, System.nanoTime() + gracePeriod.plus(CANCEL_WAIT_EXTRA).toNanos());
  }

  /**
   * Cancels the run without waiting for it to end, for cancelling many at once: a queued run ends
   * CANCELLED at once; for a running one the request is recorded and the supervisor woken, and the
   * record returned is still RUNNING (it ends once the supervisor has stopped its process).
   *
   * @throws UnknownRunException when no such run exists
   */
  public RunRecord requestCancel(String job, String runId) {
    ensureOpen();
    StoredRun run = store.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
    // The supervisor may move the run between QUEUED and RUNNING (a launch, a retry) meanwhile:
    // each step is conditional, so try the one that fits its latest state.
    while (true) {
      if (run.status().isTerminal()) {
        return record(run);
      }
      if (run.status().isWaiting()) {
        if (store.cancelQueued(runId, System.currentTimeMillis())) {
          return record(store.find(runId).orElseThrow());
        }
      } else if (run.stop() != StopRequest.NONE
          || store.requestStop(runId, run.attempt(), StopRequest.CANCEL)) {
        break;
      }
      run = store.find(runId).orElseThrow();
    }
    supervisor.wake();
    return run.toRecord();
  }

  @Override
  public RunRecord await(String job, String runId, Duration timeout) {
    ensureOpen();
    RunRecord latest = awaitUntil(job, runId, System.nanoTime() + timeout.toNanos());
    if (!latest.status().isTerminal()) {
      throw new AwaitTimeoutException(job, runId, latest.status(), timeout);
    }
    return latest;
  }

  /**
   * Waits until the run is terminal or {@code deadlineNanos}, and returns its latest record: the
   * supervisor records the end in the store, which is polled with a short backoff. Never launches.
   */
  private RunRecord awaitUntil(String job, String runId, long deadlineNanos) {
    long pauseMillis = 2;
    long nextCheck = System.nanoTime() + SUPERVISOR_CHECK.toNanos();
    while (true) {
      StoredRun run =
          store.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
      if (run.status().isTerminal()) {
        // The run's last lines reach the console before await returns, not on the next echo tick,
        // also when the echo timer saw the end first and is printing them now.
        followed.remove(runId);
        echo.finish(runId);
        return record(run);
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return record(run);
      }
      try {
        Thread.sleep(Math.max(1, Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OvertimeException(
            "Interrupted while awaiting run '" + runId + "' of job '" + job + "'", e);
      }
      pauseMillis = Math.min(pauseMillis * 2, 100);
      if (System.nanoTime() > nextCheck) {
        // A supervisor killed meanwhile is replaced, so that the run goes on.
        supervisor.wake();
        nextCheck = System.nanoTime() + SUPERVISOR_CHECK.toNanos();
      }
    }
  }

  /**
   * Releases the database. Runs go on: the supervisor of the home launches, retries and ends them
   * whether or not this engine is open (see docs/local-engine.md, "Runs outlive the application").
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (echoTimer != null) {
      echoTimer.shutdownNow();
      for (String runId : followed.keySet()) {
        echo.finish(runId);
      }
    }
    try {
      store.closeOwner(owner, System.currentTimeMillis());
    } catch (RuntimeException e) {
      // The store fails: runs this engine owns are taken over once this JVM is gone.
      System.err.println("[overtime] local engine: could not record that it closed: " + e);
    }
    store.close();
  }

  private void finishEndedEchoes() {
    try {
      for (String runId : followed.keySet()) {
        if (store.find(runId).map(run -> run.status().isTerminal()).orElse(true)) {
          followed.remove(runId);
          echo.finish(runId);
        }
      }
    } catch (RuntimeException e) {
      // The echo is for people; try again on the next tick.
    }
  }

  // ---- files

  /** The run's record with its latest progress ({@link RunProgressFile}). */
  /** The run's record, with when each attempt ran and its latest progress. */
  private RunRecord record(StoredRun run) {
    return RunProgressFile.attach(home.resolve("runs"), store.withAttempts(run));
  }

  private Path runDirectory(String runId) {
    return home.resolve("runs").resolve(runId);
  }

  private boolean bootstrapPresent() {
    Boolean present = bootstrapPresent;
    if (present == null) {
      present = BootstrapLocator.isOn(classpath);
      bootstrapPresent = present;
    }
    return present;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "This local engine (home " + home + ") is closed; build a new one");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    return "LocalEngine{home=" + home + ", concurrency=" + concurrency + "}";
  }

  /** Builder for {@link LocalEngine}; every setting has a default. */
  public static final class Builder {
    private Path home;
    private int concurrency;
    private String classpath = System.getProperty("java.class.path");
    private PrintStream console = System.out;
    private Duration gracePeriod = Duration.ofSeconds(10);
    private Duration retryBaseDelay = RetryPolicy.DEFAULT_BASE;
    private List<String> jvmOptions;
    private Duration supervisorIdle;
    private int warmJvms;
    private Duration warmIdle;

    private Builder(Map<String, String> environment) {
      this.home = homeFrom(environment);
      this.warmJvms = WarmPool.sizeFrom(environment);
      this.warmIdle = WarmPool.idleExpiryFrom(environment);
      String idleText = environment.get(Supervisor.IDLE_VARIABLE);
      if (idleText != null && !idleText.isBlank()) {
        this.supervisorIdle = Supervisor.parseDuration(Supervisor.IDLE_VARIABLE, idleText);
      }
      String concurrencyText = environment.get(CONCURRENCY_VARIABLE);
      if (concurrencyText == null || concurrencyText.isBlank()) {
        this.concurrency = Runtime.getRuntime().availableProcessors();
      } else {
        try {
          this.concurrency = Integer.parseInt(concurrencyText.trim());
        } catch (NumberFormatException e) {
          this.concurrency = 0;
        }
        if (concurrency < 1) {
          throw new IllegalArgumentException(
              CONCURRENCY_VARIABLE
                  + " must be a whole number from 1, was '"
                  + concurrencyText
                  + "'");
        }
      }
      String options = environment.get(JVM_OPTIONS_VARIABLE);
      this.jvmOptions =
          options == null
              ? DEFAULT_JVM_OPTIONS
              : options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /**
     * Where run records and logs live; default {@code $OVERTIME_HOME}, else {@code ./.overtime}.
     */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      return this;
    }

    /**
     * How many runs of the home run at once (more wait in a FIFO queue); default {@code
     * $OVERTIME_LOCAL_CONCURRENCY}, else the number of processors. The limit is the supervisor's:
     * it applies when this engine is the one that starts the home's supervisor; a supervisor
     * already running keeps the limit it was started with.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * The child JVMs' class path; default this JVM's {@code java.class.path}. It must hold the
     * bootstrap and the jobs.
     */
    public Builder classpath(String classpath) {
      if (classpath == null || classpath.isBlank()) {
        throw new IllegalArgumentException("classpath must not be empty");
      }
      this.classpath = classpath;
      return this;
    }

    /**
     * Where runs' output is echoed, each line prefixed {@code [job runId] }; null turns echo off.
     * Default {@code System.out}.
     */
    public Builder console(PrintStream console) {
      this.console = console;
      return this;
    }

    /** How long a cancelled or timed-out run gets between SIGTERM and SIGKILL; default 10 s. */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod == null || gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * The delay before the first retry; it doubles per attempt (capped at 5 minutes), with jitter.
     * Default 1 s.
     */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      if (retryBaseDelay == null || retryBaseDelay.isNegative()) {
        throw new IllegalArgumentException(
            "retryBaseDelay must not be negative, was " + retryBaseDelay);
      }
      this.retryBaseDelay = retryBaseDelay;
      return this;
    }

    /**
     * Options for the child JVMs before {@code -Xmx}; default {@link #DEFAULT_JVM_OPTIONS} or
     * {@code $OVERTIME_LOCAL_JVM_OPTIONS}.
     */
    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = List.copyOf(jvmOptions);
      return this;
    }

    /**
     * How long the home's supervisor stays up with nothing queued or running, if this engine is the
     * one that starts it; default {@code $OVERTIME_SUPERVISOR_IDLE}, else 60 s.
     */
    public Builder supervisorIdle(Duration supervisorIdle) {
      if (supervisorIdle == null || supervisorIdle.isNegative() || supervisorIdle.isZero()) {
        throw new IllegalArgumentException(
            "supervisorIdle must be more than zero, was " + supervisorIdle);
      }
      this.supervisorIdle = supervisorIdle;
      return this;
    }

    /**
     * How many pre-started JVMs the home's supervisor keeps ready per launch spec (class path, JVM
     * options with the job's {@code -Xmx}, environment), if this engine is the one that starts it;
     * default {@code $OVERTIME_LOCAL_WARM_JVMS}, else 1. 0 turns warm starts off. Each idle warm
     * JVM costs about 40-60 MB of memory (docs/local-engine.md).
     */
    public Builder warmJvms(int warmJvms) {
      if (warmJvms < 0) {
        throw new IllegalArgumentException(
            "warmJvms must not be negative (0 turns warm starts off), was " + warmJvms);
      }
      this.warmJvms = warmJvms;
      return this;
    }

    /**
     * How long the supervisor keeps the warm JVMs of a launch spec that no run uses, if this engine
     * is the one that starts it; default {@code $OVERTIME_LOCAL_WARM_IDLE_SECONDS}, else 5 minutes.
     * Whole seconds, at least one.
     */
    public Builder warmIdleExpiry(Duration warmIdleExpiry) {
      if (warmIdleExpiry == null || warmIdleExpiry.toSeconds() < 1) {
        throw new IllegalArgumentException(
            "warmIdleExpiry must be at least one second, was " + warmIdleExpiry);
      }
      this.warmIdle = warmIdleExpiry;
      return this;
    }

    /**
     * Opens the engine: creates the home (mode 0700) and database (0600) if needed. The home's
     * supervisor is woken (or started) by the first submit, not here.
     */
    public LocalEngine build() {
      return new LocalEngine(this);
    }
  }
}
