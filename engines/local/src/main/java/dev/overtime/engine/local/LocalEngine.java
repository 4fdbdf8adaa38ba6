package dev.overtime.engine.local;

import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunIds;
import dev.overtime.contract.StopRequest;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.AwaitTimeoutException;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.FileBlobStore;
import dev.overtime.runtime.spi.Endings;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default engine: every run is its own JVM ({@code java -Xmx<memory> -cp <app>
 * dev.overtime.bootstrap.Main}) started with the run contract, and every run is recorded in SQLite
 * under {@code OVERTIME_HOME}, so runs survive restarts and other processes (the CLI, a second app
 * instance) can read and cancel them.
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
   * How many pre-started JVMs the engine keeps ready per launch spec (default 1); 0 turns warm
   * starts off. See docs/local-engine.md for what they cost.
   */
  public static final String WARM_JVMS_VARIABLE = WarmPool.SIZE_VARIABLE;

  /** Seconds after which unused warm JVMs are stopped (default 300). */
  public static final String WARM_IDLE_VARIABLE = WarmPool.IDLE_VARIABLE;

  /** Options that make a child JVM start fast; see docs/local-engine.md for the trade-off. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xms8m");

  private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(2);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Duration ECHO_INTERVAL = Duration.ofMillis(100);
  private static final Duration OWNED_AWAIT_SLICE = Duration.ofSeconds(1);
  private static final String LOG_FILE = "run.log";
  private static final String PAYLOAD_FILE = "payload.json";
  private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

  private final Path home;
  private final int concurrency;
  private final String classpath;
  private final Duration gracePeriod;
  private final List<String> jvmOptions;
  private final RetryPolicy retryPolicy;
  private final ConsoleEcho echo;
  private final ClassDataArchive classData;
  private final AttemptSpawner coldStarts = new ColdSpawner();
  private final AttemptSpawner spawner;
  private final RunStore store;
  private final String owner;
  private final long classpathId;
  private final RunIds ids = new RunIds();
  private final ScheduledExecutorService timer;
  private final ExecutorService monitors;
  private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<RunRecord>> endings = new ConcurrentHashMap<>();
  private final AtomicBoolean schedulePending = new AtomicBoolean();
  private volatile Boolean bootstrapPresent;
  private long wakeAt; // when the next delayed schedule() is due; only touched on the timer thread
  private volatile boolean closed;

  private LocalEngine(Builder builder) {
    this.home = builder.home.toAbsolutePath().normalize();
    this.concurrency = builder.concurrency;
    this.classpath = builder.classpath;
    this.gracePeriod = builder.gracePeriod;
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.retryPolicy = new RetryPolicy(builder.retryBaseDelay);
    this.echo = new ConsoleEcho(builder.console);
    this.store = RunStore.open(home);
    // Class-data sharing goes with the default fast-start options (which include -Xshare:auto).
    this.classData =
        jvmOptions.contains("-Xshare:auto") ? new ClassDataArchive(home.resolve("cds")) : null;
    this.spawner =
        builder.warmJvms == 0
            ? coldStarts
            : new WarmPool(home.resolve("warm"), builder.warmJvms, builder.warmIdle, coldStarts);
    ProcessIdentity self = ProcessIdentity.current();
    this.owner =
        self.pid() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    this.classpathId = store.classpathId(classpath);
    store.registerOwner(owner, self, System.currentTimeMillis());
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemon("overtime-local-scheduler"));
    // On close, pending timeouts and wake-ups are dropped, but a launch in progress finishes (see
    // close()).
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.timer = scheduler;
    this.monitors = Executors.newCachedThreadPool(daemon("overtime-local-monitor"));
    timer.execute(this::reconcile);
    timer.scheduleWithFixedDelay(
        this::tick,
        RECONCILE_INTERVAL.toMillis(),
        RECONCILE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    if (echo.enabled()) {
      timer.scheduleWithFixedDelay(
          echo::poll, ECHO_INTERVAL.toMillis(), ECHO_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
    RunStore.Submitted submitted =
        store.insert(
            new RunStore.NewRun(
                ids.next(),
                job.name(),
                job.retries() + 1,
                request.payloadJson(),
                request.options().idempotencyKey().orElse(null),
                request.timeout().toMillis(),
                job.memoryMib(),
                classpathId,
                owner,
                System.currentTimeMillis()));
    if (submitted.created()) {
      wake();
    }
    return submitted.record();
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    ensureOpen();
    return store.find(Objects.requireNonNull(runId, "runId")).map(StoredRun::toRecord);
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
    return store.list(job, status, limit);
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

  @Override
  public RunRecord cancel(String job, String runId) {
    ensureOpen();
    StoredRun run = store.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
    if (run.status() == RunStatus.QUEUED && store.cancelQueued(runId, System.currentTimeMillis())) {
      RunRecord cancelled = store.find(runId).orElseThrow().toRecord();
      ended(cancelled);
      return cancelled;
    }
    run = store.find(runId).orElseThrow();
    if (run.status().isTerminal()) {
      return run.toRecord();
    }
    store.requestStop(runId, run.attempt(), StopRequest.CANCEL);
    ProcessTree tree = signal(runId);
    long deadline = System.nanoTime() + gracePeriod.toNanos();
    RunRecord latest = awaitUntil(job, runId, deadline);
    if (latest.status().isTerminal()) {
      return latest;
    }
    if (tree == null) {
      tree =
          store
              .find(runId)
              .map(StoredRun::process)
              .flatMap(ProcessIdentity::find)
              .map(ProcessTree::of)
              .orElse(null);
    }
    if (tree != null) {
      tree.kill();
    }
    return awaitUntil(
        job, runId, System.nanoTime() + Duration.ofSeconds(5).plus(RECONCILE_INTERVAL).toNanos());
  }

  /** Sends SIGTERM to the run's process tree, if its process is known and alive. */
  private ProcessTree signal(String runId) {
    ActiveRun watched = active.get(runId);
    Optional<ProcessHandle> process =
        watched != null
            ? Optional.of(watched.process)
            : store.find(runId).map(StoredRun::process).flatMap(ProcessIdentity::find);
    if (process.isEmpty() || !process.get().isAlive()) {
      return null;
    }
    ProcessTree tree = ProcessTree.of(process.get());
    tree.terminate();
    return tree;
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
   * Waits until the run is terminal or {@code deadlineNanos}, and returns its latest record. A run
   * this engine owns completes a future when its process exits; others are polled.
   */
  private RunRecord awaitUntil(String job, String runId, long deadlineNanos) {
    long pauseMillis = 5;
    while (true) {
      StoredRun run =
          store.find(runId).orElseThrow(() -> new UnknownRunException(job, runId, NAME));
      if (run.status().isTerminal()) {
        return run.toRecord();
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return run.toRecord();
      }
      boolean owned = owner.equals(run.owner());
      CompletableFuture<RunRecord> ending =
          owned ? endings.computeIfAbsent(runId, id -> new CompletableFuture<>()) : null;
      long waitNanos =
          owned
              ? Math.min(left, OWNED_AWAIT_SLICE.toNanos())
              : Math.min(left, TimeUnit.MILLISECONDS.toNanos(pauseMillis));
      try {
        if (ending != null) {
          if (store.find(runId).map(r -> r.status().isTerminal()).orElse(false)) {
            continue;
          }
          return ending.get(waitNanos, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        pauseMillis = Math.min(pauseMillis * 2, 200);
      } catch (TimeoutException e) {
        // Look again: another JVM may have ended it.
      } catch (ExecutionException e) {
        throw new OvertimeException(
            "Awaiting run '" + runId + "' of job '" + job + "' failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OvertimeException(
            "Interrupted while awaiting run '" + runId + "' of job '" + job + "'", e);
      }
    }
  }

  /**
   * Stops scheduling and releases the database. Runs already started go on; queued and running runs
   * are taken over by the next engine opened on this home (see docs/local-engine.md).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Not shutdownNow() at once: interrupting a launch between its claim and recording the child's
    // identity would leave a live process that the next engine cannot see, and would retry.
    timer.shutdown();
    try {
      if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(
            "[overtime] local engine: scheduler still busy after "
                + CLOSE_WAIT.toSeconds()
                + " s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    monitors.shutdownNow();
    spawner.close();
    for (String runId : active.keySet()) {
      echo.finish(runId);
    }
    store.closeOwner(owner, System.currentTimeMillis());
    store.close();
  }

  // ---- scheduling

  private void wake() {
    if (schedulePending.compareAndSet(false, true)) {
      try {
        timer.execute(this::schedule);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        schedulePending.set(false);
      }
    }
  }

  private void tick() {
    reconcile();
    schedule();
  }

  /** Starts queued runs of this engine while slots are free; FIFO by submission order. */
  private void schedule() {
    schedulePending.set(false);
    if (closed) {
      return;
    }
    try {
      int free = concurrency - active.size();
      if (free > 0) {
        for (StoredRun run : store.startable(owner, System.currentTimeMillis(), free)) {
          if (closed) {
            return;
          }
          launch(run);
        }
      }
      // Only with a free slot is there a delayed start (a retry's backoff) to wake up for. With all
      // slots busy, nextStart (a scan of every queued run) would run after each submit and hold
      // the store, slowing run() as the queue grows.
      if (concurrency > active.size()) {
        long next = store.nextStart(owner);
        long now = System.currentTimeMillis();
        if (next > now && (wakeAt <= now || next < wakeAt)) {
          wakeAt = next;
          timer.schedule(this::wake, next - now, TimeUnit.MILLISECONDS);
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] local engine: scheduling failed, retrying in "
                + RECONCILE_INTERVAL.toSeconds()
                + " s: "
                + e);
      }
    }
  }

  private void launch(StoredRun run) {
    long now = System.currentTimeMillis();
    long deadline = now + run.timeoutMillis();
    if (!store.claim(run.id(), run.attempt(), owner, now, deadline)) {
      return;
    }
    Path directory = runDirectory(run.id());
    Path log = directory.resolve(LOG_FILE);
    Process process;
    long offset;
    ClassDataArchive.Plan plan = ClassDataArchive.Plan.NONE;
    try {
      Files.createDirectories(directory);
      offset = Files.exists(log) ? Files.size(log) : 0;
      appendToLog(
          log,
          "[overtime] attempt "
              + run.attempt()
              + " of "
              + run.maxAttempts()
              + " started at "
              + Instant.ofEpochMilli(now)
              + ", deadline "
              + Instant.ofEpochMilli(deadline));
      String runClasspath =
          run.classpathId() == classpathId ? classpath : store.classpath(run.classpathId());
      plan =
          classData == null ? ClassDataArchive.Plan.NONE : classData.plan(runClasspath, run.id());
      List<String> command =
          command(
              run.memoryMib(),
              plan.classpath() == null ? runClasspath : plan.classpath(),
              plan.options());
      Map<String, String> contract = new java.util.LinkedHashMap<>();
      contract.put(RunContract.JOB, run.job());
      contract.put(RunContract.RUN_ID, run.id());
      contract.put(RunContract.ATTEMPT, Integer.toString(run.attempt()));
      contract.put(RunContract.DEADLINE, Instant.ofEpochMilli(deadline).toString());
      Path outcome = LocalAttempts.outcomeFile(directory, run.attempt());
      Files.deleteIfExists(outcome);
      contract.put(RunContract.RESULT_URI, outcome.toUri().toString());
      // A began document left by an earlier start of this attempt would hide that this one never
      // began.
      Path began = LocalAttempts.beganFile(directory, run.attempt());
      Files.deleteIfExists(began);
      contract.put(RunContract.BEGAN_URI, began.toUri().toString());
      byte[] payload = run.payload().getBytes(StandardCharsets.UTF_8);
      if (payload.length > RunContract.INLINE_PAYLOAD_LIMIT_BYTES) {
        Path payloadFile = directory.resolve(PAYLOAD_FILE);
        new FileBlobStore().write(payloadFile.toUri(), payload);
        contract.put(RunContract.PAYLOAD_URI, payloadFile.toUri().toString());
      } else {
        contract.put(RunContract.PAYLOAD, run.payload());
      }
      // A JVM that dumps a class-data archive is one of a kind: never pre-started.
      process =
          (plan.dump() == null ? spawner : coldStarts)
              .spawn(new LaunchSpec(command, WORKING_DIRECTORY, childEnvironment()), contract, log);
    } catch (IOException | RuntimeException e) {
      if (classData != null) {
        classData.finish(plan.dump());
      }
      appendToLog(
          log, "[overtime] could not start the process of attempt " + run.attempt() + ": " + e);
      store
          .find(run.id())
          .filter(
              stored -> stored.status() == RunStatus.RUNNING && stored.attempt() == run.attempt())
          .ifPresent(
              stored ->
                  conclude(
                      stored,
                      AttemptLifecycle.decide(
                          LocalAttempts.state(stored), LocalAttempts.notStarted(e))));
      return;
    }
    ActiveRun watched = new ActiveRun(run.id(), run.job(), run.attempt(), process.toHandle());
    watched.classDataDump = plan.dump();
    active.put(run.id(), watched);
    store.recordProcess(run.id(), run.attempt(), ProcessIdentity.of(process.toHandle()));
    echo.follow(run.id(), run.job(), log, offset);
    watch(watched, deadline, process.onExit().thenApply(Process::exitValue));
    // A cancel may have come in between the claim and the process being recorded.
    store
        .find(run.id())
        .filter(stored -> stored.stop() != StopRequest.NONE)
        .ifPresent(stored -> signal(run.id()));
  }

  /**
   * The application's environment without the run contract's variables, which each attempt gets
   * from its spawner.
   */
  private static Map<String, String> childEnvironment() {
    Map<String, String> environment = new java.util.HashMap<>(System.getenv());
    for (String name :
        List.of(
            RunContract.JOB,
            RunContract.RUN_ID,
            RunContract.ATTEMPT,
            RunContract.PAYLOAD,
            RunContract.PAYLOAD_URI,
            RunContract.DEADLINE,
            RunContract.RESULT_URI,
            RunContract.BEGAN_URI)) {
      environment.remove(name);
    }
    return environment;
  }

  private List<String> command(int memoryMib, String runClasspath, List<String> classDataOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(classDataOptions);
    command.add("-Xmx" + memoryMib + "m");
    if (runClasspath.length() > 100_000) {
      // Too long for one argument on Linux (128 KiB): pass it in an @argfile.
      Path argfile =
          home.resolve("classpath-" + Integer.toHexString(runClasspath.hashCode()) + ".args");
      if (!Files.exists(argfile)) {
        String quoted = "\"" + runClasspath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        new FileBlobStore()
            .write(argfile.toUri(), ("-cp " + quoted + "\n").getBytes(StandardCharsets.UTF_8));
      }
      command.add("@" + argfile);
    } else {
      command.add("-cp");
      command.add(runClasspath);
    }
    command.add(BootstrapLocator.MAIN_CLASS);
    return command;
  }

  /** Watches an attempt's process: its timeout, and what happens when it exits. */
  private void watch(ActiveRun run, long deadline, CompletableFuture<Integer> exit) {
    long delay = Math.max(0, deadline - System.currentTimeMillis());
    try {
      run.timeout = timer.schedule(() -> timeOut(run), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return;
    }
    exit.whenCompleteAsync((code, failure) -> attemptEnded(run, code), monitors);
  }

  private void timeOut(ActiveRun run) {
    if (store.requestStop(run.id, run.attempt, StopRequest.TIMEOUT)) {
      ProcessTree tree = ProcessTree.of(run.process);
      tree.terminate();
      timer.schedule(tree::kill, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The attempt's process is gone: record how it ended, or queue the next attempt. */
  private void attemptEnded(ActiveRun run, Integer exitCode) {
    if (closed) {
      return;
    }
    try {
      if (run.timeout != null) {
        run.timeout.cancel(false);
      }
      echo.finish(run.id);
      if (classData != null) {
        classData.finish(run.classDataDump);
      }
      StoredRun stored = store.find(run.id).orElse(null);
      if (stored != null
          && stored.status() == RunStatus.RUNNING
          && stored.attempt() == run.attempt) {
        conclude(
            stored,
            AttemptLifecycle.decide(
                LocalAttempts.state(stored),
                LocalAttempts.ended(stored, runDirectory(run.id), exitCode)));
      } else if (stored != null && stored.status().isTerminal()) {
        ended(stored.toRecord());
      }
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] local engine: could not record the end of run " + run.id + ": " + e);
      }
    } finally {
      active.remove(run.id, run);
      wake();
    }
  }

  /** Records the lifecycle's verdict, each step conditional on the attempt still being RUNNING. */
  private void conclude(StoredRun run, Verdict verdict) {
    long now = System.currentTimeMillis();
    Path log = runDirectory(run.id()).resolve(LOG_FILE);
    RunError error = Endings.error(verdict.error());
    switch (verdict.action()) {
      case RETRY -> {
        Duration delay = retryPolicy.delayAfter(run.attempt());
        if (store.requeue(run.id(), run.attempt(), error, now + delay.toMillis())) {
          appendToLog(
              log,
              "[overtime] attempt "
                  + run.attempt()
                  + " ended "
                  + verdict.ending()
                  + " ("
                  + error
                  + "); attempt "
                  + (run.attempt() + 1)
                  + " in "
                  + delay.toMillis()
                  + " ms");
        }
        wake();
        return;
      }
      case START_AGAIN -> {
        Duration delay = retryPolicy.delayAfter(run.failedStarts() + 1);
        if (store.startAgain(run.id(), run.attempt(), error, now + delay.toMillis())) {
          appendToLog(
              log,
              "[overtime] attempt "
                  + run.attempt()
                  + " did not reach its handler ("
                  + error
                  + "); starting it again in "
                  + delay.toMillis()
                  + " ms (at most "
                  + AttemptLifecycle.START_LIMIT
                  + " starts)");
        }
        wake();
        return;
      }
      case END -> {}
    }
    RunStatus status = Endings.status(verdict.ending());
    if (store.finish(run.id(), run.attempt(), status, verdict.resultJson(), error, now)) {
      appendToLog(log, "[overtime] run ended " + status + (error == null ? "" : ": " + error));
      try {
        Files.deleteIfExists(runDirectory(run.id()).resolve(PAYLOAD_FILE));
      } catch (IOException e) {
        // Only disk space is at stake.
      }
    }
    store.find(run.id()).ifPresent(stored -> ended(stored.toRecord()));
  }

  private void ended(RunRecord record) {
    CompletableFuture<RunRecord> ending = endings.remove(record.id());
    if (ending != null) {
      ending.complete(record);
    }
  }

  // ---- recovery

  /**
   * Takes over the runs of engines that are gone (closed, or their JVM died): queued runs join this
   * engine's queue; a running run whose process is alive is watched; one whose process is gone is
   * concluded from the outcome its child wrote, or marked LOST (or retried).
   */
  private void reconcile() {
    if (closed) {
      return;
    }
    try {
      for (String other : store.otherOwners(owner)) {
        if (store.openOwner(other).map(ProcessIdentity::isAlive).orElse(false)) {
          continue;
        }
        if (store.adoptQueued(other, owner) > 0) {
          wake();
        }
        for (StoredRun run : store.running(other)) {
          if (store.adoptRunning(run.id(), run.attempt(), other, owner)) {
            adopt(run);
          }
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] local engine: recovery failed, retrying in "
                + RECONCILE_INTERVAL.toSeconds()
                + " s: "
                + e);
      }
    }
  }

  private void adopt(StoredRun run) {
    Optional<ProcessHandle> process =
        Optional.ofNullable(run.process()).flatMap(ProcessIdentity::find);
    if (process.isPresent()) {
      ActiveRun watched = new ActiveRun(run.id(), run.job(), run.attempt(), process.get());
      active.put(run.id(), watched);
      Path log = runDirectory(run.id()).resolve(LOG_FILE);
      long offset;
      try {
        offset = Files.exists(log) ? Files.size(log) : 0;
      } catch (IOException e) {
        offset = 0;
      }
      echo.follow(run.id(), run.job(), log, offset);
      watch(watched, run.deadline(), process.get().onExit().thenApply(handle -> (Integer) null));
      return;
    }
    conclude(
        run,
        AttemptLifecycle.decide(
            LocalAttempts.state(run), LocalAttempts.ended(run, runDirectory(run.id()), null)));
  }

  // ---- files

  private Path runDirectory(String runId) {
    return home.resolve("runs").resolve(runId);
  }

  private static void appendToLog(Path log, String line) {
    try {
      Files.write(
          log,
          (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The log is for people; the run record is what counts.
    }
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
    private int warmJvms;
    private Duration warmIdle;

    private Builder(Map<String, String> environment) {
      this.warmJvms = WarmPool.sizeFrom(environment);
      this.warmIdle = WarmPool.idleExpiryFrom(environment);
      this.home = homeFrom(environment);
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
     * How many runs run at once (more wait in a FIFO queue); default {@code
     * $OVERTIME_LOCAL_CONCURRENCY}, else the number of processors.
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
     * How many pre-started JVMs to keep ready per launch spec (class path, JVM options with the
     * job's {@code -Xmx}, environment); default {@code $OVERTIME_LOCAL_WARM_JVMS}, else 1. 0 turns
     * warm starts off. Each idle warm JVM costs about 40-60 MB of memory (docs/local-engine.md).
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
     * How long the warm JVMs of a launch spec that no run uses are kept; default {@code
     * $OVERTIME_LOCAL_WARM_IDLE_SECONDS}, else 5 minutes.
     */
    public Builder warmIdleExpiry(Duration warmIdleExpiry) {
      if (warmIdleExpiry == null || warmIdleExpiry.isNegative() || warmIdleExpiry.isZero()) {
        throw new IllegalArgumentException(
            "warmIdleExpiry must be positive, was " + warmIdleExpiry);
      }
      this.warmIdle = warmIdleExpiry;
      return this;
    }

    /**
     * Opens the engine: creates the home (mode 0700) and database (0600) if needed, and takes over
     * the runs of engines on this home whose JVM is gone.
     */
    public LocalEngine build() {
      return new LocalEngine(this);
    }
  }
}
