package dev.overtime.engine.local;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.AttemptLifecycle;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.StopRequest;
import dev.overtime.contract.Verdict;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.FileBlobStore;
import dev.overtime.runtime.spi.Endings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one process per {@code OVERTIME_HOME} that launches runs: it owns the queue, the concurrency
 * limit, timeouts, retries with backoff, cancel and recovery. Clients ({@link LocalEngine}, the
 * CLI, the console) only record runs and requests in the store and wake it; the first client that
 * finds none alive starts it detached ({@link SupervisorClient}). It holds an exclusive lock on
 * {@code supervisor.lock} in the home for its whole life, so a second one on the same home is
 * refused, and exits after an idle period with nothing queued or running.
 *
 * <pre>{@code
 * java -cp <engine class path> dev.overtime.engine.local.Supervisor /path/to/home
 * }</pre>
 *
 * <p>Whether an attempt is alive is decided by a lock its own process holds (see {@link
 * RunContract#ATTEMPT_LOCK}), so a supervisor killed at any instant is replaced without losing or
 * repeating a run. See docs/local-engine.md.
 */
public final class Supervisor {
  /** How long a supervisor with nothing queued or running stays up; default 60 s. */
  public static final String IDLE_VARIABLE = "OVERTIME_SUPERVISOR_IDLE";

  /** The idle period when {@link #IDLE_VARIABLE} is unset. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

  /** The exit status of a supervisor refused because another one holds the home. */
  public static final int REFUSED_EXIT = 3;

  /**
   * For fault-injection tests only: {@code before-spawn}, {@code after-spawn}, {@code
   * recording-end} or {@code requeued} (a failed attempt's retry is recorded, the rest of its end
   * not yet). The supervisor writes {@code paused-<step>} in the home when its first launch (after
   * the ones {@link #PAUSE_SKIP_VARIABLE} skips) reaches that step, and then waits forever, so that
   * a test can {@code kill -9} it right there.
   */
  static final String PAUSE_VARIABLE = "OVERTIME_SUPERVISOR_TEST_PAUSE_AT";

  /**
   * For fault-injection tests only: how many launches pass the {@link #PAUSE_VARIABLE} step before
   * one pauses there (default 0), so a test can pause a launch that takes a warm JVM.
   */
  static final String PAUSE_SKIP_VARIABLE = "OVERTIME_SUPERVISOR_TEST_PAUSE_SKIP";

  /**
   * For tests only: {@code <origin epoch ms>x<rate>} runs the clock that schedules fire by {@code
   * rate} times faster than real time from {@code origin} on (every other time stays real), so that
   * a test sees a one-minute schedule fire every second, across supervisor restarts that share the
   * origin.
   */
  static final String CLOCK_VARIABLE = "OVERTIME_SUPERVISOR_TEST_SCHEDULE_CLOCK";

  static final String LOCK_FILE = "supervisor.lock";
  static final String PID_FILE = "supervisor.pid";
  static final String LOG_FILE = "supervisor.log";

  private static final Duration TICK = Duration.ofSeconds(1);

  /** How soon a timeout that could not be recorded is tried again. */
  private static final Duration TIMEOUT_RETRY = Duration.ofSeconds(1);

  private static final Duration ADOPTED_POLL = Duration.ofMillis(100);
  private static final String RUN_LOG = "run.log";
  private static final String PAYLOAD_FILE = "payload.json";

  private final Path home;
  private final int concurrency;
  private final Duration idle;
  private final RunStore store;
  private final RunQueue queue;
  private final String owner;
  private final long startedAt = System.currentTimeMillis();
  private final ColdSpawner coldStarts;
  private final AttemptSpawner spawner;
  private final ClassDataArchive classData;
  private final StoreRetries ends =
      new StoreRetries(Duration.ofMillis(100), Duration.ofSeconds(5), System.err);
  private final ScheduledExecutorService timer;
  private final WaitingRuns waiting;
  private final ScheduleFires fires;
  private final ExecutorService monitors;
  private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
  private final Map<Long, LaunchSpec> specs = new ConcurrentHashMap<>();
  private final AtomicBoolean schedulePending = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final SupervisorChannel.Server server;
  private final String pauseAt = System.getenv(PAUSE_VARIABLE);
  private final java.util.concurrent.atomic.AtomicInteger pauseSkips =
      new java.util.concurrent.atomic.AtomicInteger(
          Integer.parseInt(System.getenv().getOrDefault(PAUSE_SKIP_VARIABLE, "0")));
  private long wakeAt; // only touched on the timer thread
  private long idleSince = System.currentTimeMillis(); // only touched on the timer thread
  private volatile boolean closed;

  private Supervisor(
      Path home,
      int concurrency,
      Duration idle,
      int warmJvms,
      Duration warmIdle,
      Clock scheduleClock,
      SupervisorChannel.Server server) {
    this.home = home;
    this.concurrency = concurrency;
    this.idle = idle;
    this.server = server;
    this.store = RunStore.open(home);
    this.queue = new RunQueue(store);
    ProcessIdentity self = ProcessIdentity.current();
    this.owner =
        "supervisor-"
            + self.pid()
            + "-"
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    store.registerOwner(owner, self, startedAt);
    this.coldStarts = new ColdSpawner(home);
    // The pool's JVMs are this process's children, in its session: they end with it.
    this.spawner =
        warmJvms == 0
            ? coldStarts
            : new WarmPool(home.resolve("warm"), warmJvms, warmIdle, coldStarts);
    this.classData = new ClassDataArchive(home.resolve("cds"));
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemon("overtime-supervisor-scheduler"));
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.timer = scheduler;
    this.waiting = new WaitingRuns(store, scheduler, this::wake, System::currentTimeMillis);
    this.fires = new ScheduleFires(store, owner, scheduleClock, System.err);
    this.monitors = Executors.newCachedThreadPool(daemon("overtime-supervisor-monitor"));
  }

  /**
   * Runs the supervisor of the home named by {@code args[0]} until it is idle or stopped. Exits
   * {@value #REFUSED_EXIT} when another supervisor holds the home.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println(
          "Usage: java -cp <engine class path> " + Supervisor.class.getName() + " <home>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    Map<String, String> env = System.getenv();
    int concurrency;
    Duration idle;
    int warmJvms;
    Duration warmIdle;
    Clock scheduleClock;
    try {
      scheduleClock = scheduleClockFrom(env);
      concurrency = concurrencyFrom(env);
      idle = idleFrom(env);
      warmJvms = WarmPool.sizeFrom(env);
      warmIdle = WarmPool.idleExpiryFrom(env);
    } catch (IllegalArgumentException e) {
      System.err.println("[overtime] supervisor: " + e.getMessage());
      System.exit(2);
      return;
    }
    RunStore.ensureHome(home);
    try (FileChannel lockChannel =
        FileChannel.open(
            home.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        System.err.println(
            "[overtime] supervisor: another supervisor"
                + SupervisorClient.readPid(home).map(pid -> " (pid " + pid + ")").orElse("")
                + " holds "
                + home.resolve(LOCK_FILE)
                + "; one supervisor per OVERTIME_HOME, so this one ("
                + ProcessHandle.current().pid()
                + ") exits.");
        System.exit(REFUSED_EXIT);
        return;
      }
      ProcessIdentity self = ProcessIdentity.current();
      Files.writeString(
          home.resolve(PID_FILE),
          "pid " + self.pid() + "\nstart " + self.startMillis() + "\n",
          StandardCharsets.UTF_8);
      SupervisorChannel.Server server = SupervisorChannel.listen(home);
      Supervisor supervisor =
          new Supervisor(home, concurrency, idle, warmJvms, warmIdle, scheduleClock, server);
      System.err.println(
          "[overtime] supervisor "
              + self.pid()
              + " on "
              + home
              + " at "
              + Instant.now()
              + ": concurrency "
              + concurrency
              + ", "
              + warmJvms
              + " warm JVM(s) per launch spec, exits after "
              + idle.toMillis()
              + " ms idle; listening on "
              + server.description());
      supervisor.run();
      System.err.println("[overtime] supervisor " + self.pid() + " exits at " + Instant.now());
      lock.release();
    }
    System.exit(0);
  }

  private void run() throws InterruptedException {
    server.start(this::answer);
    timer.execute(this::recover);
    timer.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    stopped.await();
    closed = true;
    server.close();
    timer.shutdownNow();
    spawner.close();
    monitors.shutdownNow();
    ends.close();
    try {
      store.closeOwner(owner, System.currentTimeMillis());
    } catch (RuntimeException e) {
      System.err.println("[overtime] supervisor: could not record that it stopped: " + e);
    }
    store.close();
  }

  /**
   * Answers one request of a client: {@code wake}, {@code status}, {@code stop}, {@code stop
   * force}.
   */
  private String answer(String request) {
    switch (request.trim()) {
      case "wake" -> {
        wake();
        return "ok " + ProcessHandle.current().pid();
      }
      case "status" -> {
        int[] counts = store.activeCounts();
        return "ok pid="
            + ProcessHandle.current().pid()
            + " started="
            + startedAt
            + " concurrency="
            + concurrency
            + " queued="
            + counts[0]
            + " running="
            + counts[1]
            + " delayed="
            + counts[2]
            + " idle-ms="
            + idle.toMillis()
            + " schedules="
            + store.schedules().size();
      }
      case "stop", "stop force" -> {
        int[] counts = store.activeCounts();
        if (!request.trim().endsWith("force")
            && (counts[0] > 0 || counts[1] > 0 || counts[2] > 0)) {
          return "refused "
              + counts[1]
              + " running, "
              + counts[0]
              + " queued, "
              + counts[2]
              + " delayed";
        }
        // Answer first, then stop: the client waits for this process to exit.
        Thread stopper = new Thread(stopped::countDown, "overtime-supervisor-stop");
        stopper.setDaemon(true);
        timer.schedule(stopper::start, 50, TimeUnit.MILLISECONDS);
        return "ok stopping " + ProcessHandle.current().pid();
      }
      default -> {
        return "error unknown request '" + request.trim() + "'";
      }
    }
  }

  static Clock scheduleClockFrom(Map<String, String> env) {
    String text = env.get(CLOCK_VARIABLE);
    if (text == null || text.isBlank()) {
      return Clock.systemUTC();
    }
    int x = text.indexOf('x');
    try {
      long origin = Long.parseLong(text.substring(0, x).trim());
      long rate = Long.parseLong(text.substring(x + 1).trim());
      return new ScaledClock(origin, rate);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          CLOCK_VARIABLE
              + " is '"
              + text
              + "'; write <origin epoch ms>x<rate>, e.g. 1764000000000x60");
    }
  }

  /** A clock {@code rate} times faster than the system's from {@code origin} on (tests only). */
  private static final class ScaledClock extends Clock {
    private final long origin;
    private final long rate;

    ScaledClock(long origin, long rate) {
      this.origin = origin;
      this.rate = rate;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(origin + (System.currentTimeMillis() - origin) * rate);
    }
  }

  static int concurrencyFrom(Map<String, String> env) {
    String text = env.get(LocalEngine.CONCURRENCY_VARIABLE);
    if (text == null || text.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value < 1) {
      throw new IllegalArgumentException(
          LocalEngine.CONCURRENCY_VARIABLE + " must be a whole number from 1, was '" + text + "'");
    }
    return value;
  }

  /** {@code 60s}, {@code 500ms}, {@code 2m} or a number of seconds. */
  static Duration idleFrom(Map<String, String> env) {
    String text = env.get(IDLE_VARIABLE);
    if (text == null || text.isBlank()) {
      return DEFAULT_IDLE;
    }
    return parseDuration(IDLE_VARIABLE, text);
  }

  static Duration parseDuration(String name, String text) {
    String trimmed = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (trimmed.endsWith("ms")) {
        return positive(
            name,
            text,
            Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2).trim())));
      }
      if (trimmed.endsWith("s")) {
        return positive(
            name,
            text,
            Duration.ofSeconds(Long.parseLong(trimmed.substring(0, trimmed.length() - 1).trim())));
      }
      if (trimmed.endsWith("m")) {
        return positive(
            name,
            text,
            Duration.ofMinutes(Long.parseLong(trimmed.substring(0, trimmed.length() - 1).trim())));
      }
      return positive(name, text, Duration.ofSeconds(Long.parseLong(trimmed)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a duration such as 60s, 500ms or 2m, was '" + text + "'");
    }
  }

  private static Duration positive(String name, String text, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be more than zero, was '" + text + "'");
    }
    return duration;
  }

  // ---- scheduling

  private void wake() {
    if (schedulePending.compareAndSet(false, true)) {
      try {
        timer.execute(this::schedule);
      } catch (RejectedExecutionException e) {
        schedulePending.set(false);
      }
    }
  }

  private void tick() {
    // A periodic task that throws is never run again: nothing may escape.
    try {
      fireSchedules();
      schedule();
      checkIdle();
    } catch (RuntimeException | Error e) {
      System.err.println("[overtime] supervisor: tick failed: " + e);
      e.printStackTrace();
    }
  }

  private void checkIdle() {
    long now = System.currentTimeMillis();
    if (!active.isEmpty() || busy()) {
      idleSince = now;
      return;
    }
    if (now - idleSince >= idle.toMillis()) {
      // Clients that find no answer from here on start a new supervisor, which waits for the lock.
      server.close();
      if (busy()) {
        // A run came in while closing: go on.
        try {
          server.reopen();
          idleSince = now;
          return;
        } catch (IOException e) {
          System.err.println("[overtime] supervisor: could not listen again: " + e);
        }
      }
      stopped.countDown();
    }
  }

  /**
   * Records the runs of the schedules' fires that are due; the next {@link #schedule} starts them.
   */
  private void fireSchedules() {
    try {
      fires.fireDue();
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] supervisor: firing schedules failed, retrying in "
                + TICK.toSeconds()
                + " s: "
                + e);
      }
    }
  }

  private boolean busy() {
    try {
      // A delayed run or an enabled schedule keeps the supervisor up: nobody else would start it
      // on time.
      int[] counts = store.activeCounts();
      return counts[0] > 0 || counts[1] > 0 || counts[2] > 0 || store.hasSchedules();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * Starts queued runs while slots are free, in the queue's order ({@link RunQueue}: priority, FIFO
   * within one, per-job limits); signals runs whose stop was requested.
   */
  private void schedule() {
    schedulePending.set(false);
    if (closed) {
      return;
    }
    try {
      signalStops();
      waiting.settle(System.currentTimeMillis());
      int free = concurrency - active.size();
      if (free > 0) {
        for (StoredRun run : queue.next(System.currentTimeMillis(), free)) {
          if (closed) {
            return;
          }
          launch(run);
        }
      }
      if (concurrency > active.size()) {
        long next = store.nextStartOfAnyone();
        long now = System.currentTimeMillis();
        if (next > now && (wakeAt <= now || next < wakeAt)) {
          wakeAt = next;
          timer.schedule(this::wake, next - now, TimeUnit.MILLISECONDS);
        }
      }
      waiting.armForNext();
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] supervisor: scheduling failed, retrying in "
                + TICK.toSeconds()
                + " s: "
                + e);
      }
    }
  }

  /** A client recorded a cancel: SIGTERM now, SIGKILL after the run's grace period. */
  private void signalStops() {
    for (StoredRun run : store.stopping()) {
      ActiveRun watched = active.get(run.id());
      if (watched != null && watched.attempt == run.attempt() && !watched.signalled) {
        watched.signalled = true;
        stop(watched);
      }
    }
  }

  private void stop(ActiveRun run) {
    if (run.process == null) {
      return;
    }
    ProcessTree tree = ProcessTree.of(run.process);
    tree.terminate();
    timer.schedule(tree::kill, run.grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private LaunchSpec spec(StoredRun run) {
    long id = run.launchSpecId();
    if (id == 0) {
      // Submitted by an engine before launch specs: its class path, this process's JDK and
      // environment, the default options.
      String classpath = store.classpath(run.classpathId());
      List<String> options = new java.util.ArrayList<>(LocalEngine.DEFAULT_JVM_OPTIONS);
      options.add("-Xmx" + run.memoryMib() + "m");
      return new LaunchSpec(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          classpath == null ? "" : classpath,
          options,
          Path.of(System.getProperty("user.dir")),
          System.getenv(),
          RetryPolicy.DEFAULT_BASE,
          Duration.ofSeconds(10));
    }
    return specs.computeIfAbsent(
        id,
        key -> {
          String text = store.launchSpec(key);
          if (text == null) {
            throw new IllegalStateException(
                "launch spec " + key + " of run " + run.id() + " is gone");
          }
          return LaunchSpec.decode(text);
        });
  }

  private void launch(StoredRun run) {
    long now = System.currentTimeMillis();
    long deadline = now + run.timeoutMillis();
    LaunchSpec spec;
    try {
      spec = spec(run);
    } catch (RuntimeException e) {
      spec = null;
      if (store.claim(run.id(), run.attempt(), owner, now, deadline)) {
        store
            .find(run.id())
            .ifPresent(
                stored ->
                    conclude(
                        stored,
                        AttemptLifecycle.decide(
                            LocalAttempts.state(stored), LocalAttempts.notStarted(e)),
                        RetryPolicy.DEFAULT_BASE));
      }
      return;
    }
    // The store says "attempt n, launch k" before anything is spawned: a supervisor that dies from
    // here on leaves a RUNNING run whose launch files tell the next one what happened.
    if (!store.claim(run.id(), run.attempt(), owner, now, deadline)) {
      return;
    }
    AttemptTimes.started(store, run.id(), run.attempt(), now);
    pauseIf("before-spawn");
    int launchNumber = run.launches() + 1;
    Path directory = runDirectory(run.id());
    Path log = directory.resolve(RUN_LOG);
    Process process;
    ClassDataArchive.Plan plan = ClassDataArchive.Plan.NONE;
    try {
      PrivateFiles.directory(directory.getParent());
      PrivateFiles.directory(directory);
      PrivateFiles.file(log);
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
      if (spec.jvmOptions().contains("-Xshare:auto")) {
        plan = classData.plan(spec.classpath(), run.id());
      }
      Map<String, String> contract = new HashMap<>();
      contract.put(RunContract.JOB, run.job());
      contract.put(RunContract.RUN_ID, run.id());
      contract.put(RunContract.ATTEMPT, Integer.toString(run.attempt()));
      contract.put(RunContract.DEADLINE, Instant.ofEpochMilli(deadline).toString());
      Path outcome = LocalAttempts.outcomeFile(directory, run.attempt());
      Files.deleteIfExists(outcome);
      contract.put(RunContract.RESULT_URI, outcome.toUri().toString());
      // A began document left by an earlier start of this attempt would hide that this one never
      // began (that start is settled: its claim was decided before this launch).
      Path began = LocalAttempts.beganFile(directory, run.attempt());
      Files.deleteIfExists(began);
      contract.put(RunContract.BEGAN_URI, began.toUri().toString());
      // Progress is the current attempt's: a retry starts from what it reports.
      Path progress = RunProgressFile.of(directory);
      Files.deleteIfExists(progress);
      contract.put(RunContract.PROGRESS_URI, progress.toUri().toString());
      contract.put(
          RunContract.ATTEMPT_LOCK, LocalAttempts.lockFile(directory, launchNumber).toString());
      contract.put(
          RunContract.ATTEMPT_CLAIM, LocalAttempts.claimFile(directory, launchNumber).toString());
      byte[] payload = run.payload().getBytes(StandardCharsets.UTF_8);
      if (payload.length > RunContract.INLINE_PAYLOAD_LIMIT_BYTES) {
        Path payloadFile = directory.resolve(PAYLOAD_FILE);
        new FileBlobStore().write(payloadFile.toUri(), payload);
        contract.put(RunContract.PAYLOAD_URI, payloadFile.toUri().toString());
      } else {
        contract.put(RunContract.PAYLOAD, run.payload());
      }
      LaunchSpec launched = plan.classpath() == null ? spec : spec.withClasspath(plan.classpath());
      // A JVM that dumps a class-data archive is one of a kind: never pre-started.
      process =
          (plan.dump() == null ? spawner : coldStarts)
              .spawn(launched, plan.options(), contract, log);
      process.getOutputStream().close();
      pauseIf("after-spawn");
    } catch (IOException | RuntimeException e) {
      classData.finish(plan.dump());
      appendToLog(
          log, "[overtime] could not start the process of attempt " + run.attempt() + ": " + e);
      // Nothing was spawned, so nothing can claim this launch: it never started.
      Duration base = spec.retryBaseDelay();
      ends.untilItSticks(
          "record that attempt " + run.attempt() + " of run " + run.id() + " did not start",
          () ->
              store
                  .find(run.id())
                  .filter(
                      stored ->
                          stored.status() == RunStatus.RUNNING && stored.attempt() == run.attempt())
                  .ifPresent(
                      stored ->
                          conclude(
                              stored,
                              AttemptLifecycle.decide(
                                  LocalAttempts.state(stored), LocalAttempts.notStarted(e)),
                              base)));
      return;
    }
    ActiveRun watched =
        new ActiveRun(
            run.id(),
            run.job(),
            run.attempt(),
            process.toHandle(),
            spec.retryBaseDelay(),
            spec.gracePeriod());
    watched.classDataDump = plan.dump();
    active.put(run.id(), watched);
    store.recordProcess(run.id(), run.attempt(), ProcessIdentity.of(process.toHandle()));
    watch(watched, deadline);
    process
        .onExit()
        .thenApply(Process::exitValue)
        .whenCompleteAsync((code, failure) -> attemptEnded(watched, code), monitors);
    // A cancel may have come in between the claim and now.
    store
        .find(run.id())
        .filter(stored -> stored.stop() != StopRequest.NONE)
        .ifPresent(stored -> timer.execute(this::signalStops));
  }

  private void watch(ActiveRun run, long deadline) {
    long delay = Math.max(0, deadline - System.currentTimeMillis());
    try {
      run.timeout = timer.schedule(() -> timeOut(run), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  private void timeOut(ActiveRun run) {
    boolean recorded;
    try {
      recorded = store.requestStop(run.id, run.attempt, StopRequest.TIMEOUT);
    } catch (RuntimeException e) {
      // The store is busy or full: the timeout is recorded before the process is stopped (a stop
      // without a recorded reason would read as an interruption and be retried), so try again.
      System.err.println(
          "[overtime] supervisor: could not record the timeout of run "
              + run.id
              + " ("
              + e
              + "); trying again in "
              + TIMEOUT_RETRY.toMillis()
              + " ms");
      try {
        run.timeout = timer.schedule(() -> timeOut(run), TIMEOUT_RETRY.toMillis(), MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // Closing: the next supervisor adopts the run and its deadline.
      }
      return;
    }
    if (recorded) {
      run.signalled = true;
      stop(run);
    }
  }

  /**
   * The attempt's process is gone: record how it ended, or queue the next attempt.
   *
   * @param exitCode its exit code, or null for an adopted attempt (not this process's child)
   */
  private void attemptEnded(ActiveRun run, Integer exitCode) {
    if (closed) {
      return;
    }
    try {
      if (run.timeout != null) {
        run.timeout.cancel(false);
      }
      classData.finish(run.classDataDump);
      if (exitCode != null && exitCode == ExitCode.SUPERSEDED.code()) {
        // Another supervisor decided this launch never started and settled it: nothing ran.
        return;
      }
      pauseIf("recording-end");
      // Repeated until it sticks: a busy or full store delays the record, never loses it.
      ends.untilItSticks(
          "record the end of attempt " + run.attempt + " of run " + run.id,
          () -> settle(run.id, run.attempt, exitCode, run.retryBase));
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println(
            "[overtime] supervisor: could not record the end of run " + run.id + ": " + e);
      }
    } finally {
      active.remove(run.id, run);
      wake();
    }
  }

  /** Reads the ended attempt's run and records the lifecycle's verdict; safe to repeat. */
  private void settle(String runId, int attempt, Integer exitCode, Duration retryBase) {
    StoredRun stored = store.find(runId).orElse(null);
    if (stored != null && stored.status() == RunStatus.RUNNING && stored.attempt() == attempt) {
      AttemptFact fact = LocalAttempts.ended(stored, runDirectory(runId), exitCode);
      conclude(
          stored,
          AttemptLifecycle.decide(LocalAttempts.state(stored), fact),
          retryBase,
          AttemptTimes.endedAt(stored, fact, System.currentTimeMillis()));
    }
  }

  /** Records the lifecycle's verdict, each step conditional on the attempt still being RUNNING. */
  private void conclude(StoredRun run, Verdict verdict, Duration retryBase) {
    conclude(run, verdict, retryBase, System.currentTimeMillis());
  }

  /**
   * As {@link #conclude(StoredRun, Verdict, Duration)}, for an attempt that ended at {@code
   * endedAt}: when its process wrote its outcome, not when this supervisor noticed.
   */
  private void conclude(StoredRun run, Verdict verdict, Duration retryBase, long endedAt) {
    long now = System.currentTimeMillis();
    Path log = runDirectory(run.id()).resolve(RUN_LOG);
    RunError error = Endings.error(verdict.error());
    RetryPolicy retryPolicy = new RetryPolicy(retryBase);
    switch (verdict.action()) {
      case RETRY -> {
        Duration delay = retryPolicy.delayAfter(run.attempt());
        // Before the requeue, as the end's line below: once the run is QUEUED, any thread of this
        // supervisor may start the next attempt (the delay may be short, the store slow here), and
        // its header, or a warm JVM's file renamed over the log, must come after this line.
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
        if (store.requeue(run.id(), run.attempt(), error, now + delay.toMillis())) {
          pauseIf("requeued");
          AttemptTimes.ended(
              store, run.id(), run.attempt(), endedAt, Endings.status(verdict.ending()));
        }
        wake();
        return;
      }
      case START_AGAIN -> {
        Duration delay = retryPolicy.delayAfter(run.failedStarts() + 1);
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
        store.startAgain(run.id(), run.attempt(), error, now + delay.toMillis());
        wake();
        return;
      }
      case END -> {}
    }
    RunStatus status = Endings.status(verdict.ending());
    // Before the end is recorded, so that whoever sees the run ended sees no payload file left: an
    // ending verdict never launches the run again, even if recording it has to be repeated.
    try {
      Files.deleteIfExists(runDirectory(run.id()).resolve(PAYLOAD_FILE));
    } catch (IOException e) {
      // Only disk space is at stake.
    }
    // Only this supervisor moves a RUNNING run, so the line can come first: whoever sees the run
    // ended finds it in the log.
    appendToLog(log, "[overtime] run ended " + status + (error == null ? "" : ": " + error));
    if (store.finish(run.id(), run.attempt(), status, verdict.resultJson(), error, endedAt)) {
      AttemptTimes.ended(store, run.id(), run.attempt(), endedAt, status);
    }
  }

  /** The fault-injection pause of {@link #PAUSE_VARIABLE}; a no-op unless it names {@code step}. */
  private void pauseIf(String step) {
    if (!step.equals(pauseAt) || pauseSkips.getAndDecrement() > 0) {
      return;
    }
    try {
      Files.writeString(home.resolve("paused-" + step), ProcessHandle.current().pid() + "\n");
      Thread.sleep(Long.MAX_VALUE);
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- recovery

  /**
   * Settles or adopts every RUNNING run left by a supervisor (or engine) that is gone, from what
   * the attempt's own files say (see docs/local-engine.md, "Crash-safe attempts").
   */
  private void recover() {
    try {
      for (StoredRun run : store.allRunning()) {
        if (active.containsKey(run.id())) {
          continue;
        }
        try {
          recover(run);
        } catch (RuntimeException e) {
          System.err.println("[overtime] supervisor: could not recover run " + run.id() + ": " + e);
        }
      }
    } catch (RuntimeException | Error e) {
      System.err.println("[overtime] supervisor: recovery failed: " + e);
      e.printStackTrace();
    }
    schedule();
  }

  private void recover(StoredRun run) {
    store.takeRunning(run.id(), run.attempt(), owner);
    LaunchSpec spec;
    try {
      spec = spec(run);
    } catch (RuntimeException e) {
      spec = null;
    }
    Duration retryBase = spec == null ? RetryPolicy.DEFAULT_BASE : spec.retryBaseDelay();
    Duration grace = spec == null ? Duration.ofSeconds(10) : spec.gracePeriod();
    Path directory = runDirectory(run.id());
    if (run.launches() == 0) {
      // Launched by an engine that recorded only its pid.
      Optional<ProcessHandle> process =
          Optional.ofNullable(run.process()).flatMap(ProcessIdentity::find);
      if (process.isPresent()) {
        ActiveRun watched =
            new ActiveRun(run.id(), run.job(), run.attempt(), process.get(), retryBase, grace);
        active.put(run.id(), watched);
        watch(watched, run.deadline());
        process
            .get()
            .onExit()
            .whenCompleteAsync((handle, failure) -> attemptEnded(watched, null), monitors);
        return;
      }
      ends.untilItSticks(
          "record the end of attempt " + run.attempt() + " of run " + run.id(),
          () -> settle(run.id(), run.attempt(), null, retryBase));
      return;
    }
    LaunchState state = LaunchState.of(directory, run.launches());
    switch (state.kind()) {
      case NEVER_STARTED ->
          conclude(
              run,
              AttemptLifecycle.decide(
                  LocalAttempts.state(run),
                  new dev.overtime.contract.AttemptFact.NeverStarted(
                      "the supervisor stopped before launch "
                          + run.launches()
                          + " claimed its attempt")),
              retryBase);
      case ENDED ->
          ends.untilItSticks(
              "record the end of attempt " + run.attempt() + " of run " + run.id(),
              () -> settle(run.id(), run.attempt(), null, retryBase));
      case ALIVE -> adopt(run, state, retryBase, grace);
    }
  }

  /** Watches an attempt a dead supervisor started: alive while its process holds its lock. */
  private void adopt(StoredRun run, LaunchState state, Duration retryBase, Duration grace) {
    ProcessHandle process = state.process().flatMap(ProcessIdentity::find).orElse(null);
    ActiveRun watched =
        new ActiveRun(run.id(), run.job(), run.attempt(), process, retryBase, grace);
    active.put(run.id(), watched);
    appendToLog(
        runDirectory(run.id()).resolve(RUN_LOG),
        "[overtime] supervisor "
            + ProcessHandle.current().pid()
            + " adopted attempt "
            + run.attempt()
            + (process == null ? "" : " (pid " + process.pid() + ")"));
    watch(watched, run.deadline());
    Path lock = LocalAttempts.lockFile(runDirectory(run.id()), run.launches());
    Runnable[] poll = new Runnable[1];
    poll[0] =
        () -> {
          if (closed) {
            return;
          }
          if (LaunchState.lockHeld(lock)) {
            timer.schedule(poll[0], ADOPTED_POLL.toMillis(), TimeUnit.MILLISECONDS);
          } else {
            monitors.execute(() -> attemptEnded(watched, null));
          }
        };
    timer.schedule(poll[0], ADOPTED_POLL.toMillis(), TimeUnit.MILLISECONDS);
    if (run.stop() != StopRequest.NONE) {
      watched.signalled = true;
      stop(watched);
    }
  }

  // ---- files

  private Path runDirectory(String runId) {
    return home.resolve("runs").resolve(runId);
  }

  /**
   * Appends {@code line} to the run's log as a line of its own: after a newline when the log so far
   * ends without one (a job's last output written with {@code print}, a progress indicator), so
   * that the engine's line is never glued to the end of the job's and the console echo, {@code
   * overtime logs} and anyone reading the log line by line find it.
   */
  private static void appendToLog(Path log, String line) {
    try {
      String text = line + System.lineSeparator();
      if (!endsAtLineStart(log)) {
        text = System.lineSeparator() + text;
      }
      Files.write(
          log,
          text.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The log is for people; the run record is what counts.
    }
  }

  /** Whether {@code log} is missing, empty or ends with a newline. */
  private static boolean endsAtLineStart(Path log) {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length == 0) {
        return true;
      }
      file.seek(length - 1);
      return file.read() == '\n';
    } catch (IOException e) {
      // Missing (the first line of the run) or unreadable: nothing to end.
      return true;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** What a launch's lock and claim files say about its attempt. */
  record LaunchState(Kind kind, Optional<ProcessIdentity> process) {
    enum Kind {
      /** No process claimed the launch, and now none can (the claim is taken). */
      NEVER_STARTED,
      /** The attempt's process holds its lock. */
      ALIVE,
      /** The attempt's process claimed the launch and is gone. */
      ENDED
    }

    /**
     * Reads (and, when no claim exists, takes) the claim of launch {@code launch}: creating it
     * ensures that a process spawned for that launch but not yet claimed never runs its handler.
     */
    static LaunchState of(Path runDirectory, int launch) {
      Path claim = LocalAttempts.claimFile(runDirectory, launch);
      Path lock = LocalAttempts.lockFile(runDirectory, launch);
      try {
        Files.createDirectories(runDirectory);
        if (LocalAttempts.createAtomically(
            claim, "supervisor " + ProcessHandle.current().pid() + "\n")) {
          return new LaunchState(Kind.NEVER_STARTED, Optional.empty());
        }
        String content;
        try {
          content = Files.readString(claim, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          content = "";
        }
        if (content.startsWith("supervisor")) {
          // An earlier recovery took the claim and died before recording its verdict.
          return new LaunchState(Kind.NEVER_STARTED, Optional.empty());
        }
        Optional<ProcessIdentity> process = parseClaim(content);
        return new LaunchState(lockHeld(lock) ? Kind.ALIVE : Kind.ENDED, process);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(
            "Cannot read the launch files of " + runDirectory, e);
      }
    }

    static Optional<ProcessIdentity> parseClaim(String content) {
      long pid = 0;
      long start = 0;
      for (String line : content.split("\n")) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2 && parts[0].equals("pid")) {
          pid = Long.parseLong(parts[1]);
        } else if (parts.length == 2 && parts[0].equals("start")) {
          start = Long.parseLong(parts[1]);
        }
      }
      return pid == 0 ? Optional.empty() : Optional.of(new ProcessIdentity(pid, start));
    }

    /** Whether a process holds the lock; checked by taking it for a moment. */
    static boolean lockHeld(Path lock) {
      try (FileChannel channel =
          FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock taken = channel.tryLock();
        if (taken == null) {
          return true;
        }
        taken.release();
        return false;
      } catch (OverlappingFileLockException e) {
        return true;
      } catch (IOException e) {
        // Cannot tell: assume alive, so the attempt is never started twice.
        return true;
      }
    }
  }
}
