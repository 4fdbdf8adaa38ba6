package dev.overtime.engine.local;

import dev.overtime.contract.ContractStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pre-started bootstrap JVMs, kept per {@link Key} (a run's recorded {@link LaunchSpec} and its
 * class-data options) so that an attempt starts without waiting for a JVM to boot and load the
 * job's classes. A warm JVM runs {@code dev.overtime.bootstrap.Main --contract-on-stdin}: it loads
 * what a run needs and blocks on its standard input, a pipe from this pool, until {@link #spawn}
 * sends it a run contract ({@link ContractStream}). Each warm JVM serves exactly one run and exits
 * with it; the pool then starts a new one for that key, up to {@code size} idle JVMs per key. The
 * contract it is sent is the whole run contract, the launch's {@code OVERTIME_ATTEMPT_LOCK} and
 * {@code OVERTIME_ATTEMPT_CLAIM} included: the bootstrap locks and claims the launch before
 * anything else, exactly as a cold start does.
 *
 * <p>The supervisor owns one pool; its warm JVMs are its children (in its session), so when the
 * supervisor stops or is killed their pipes close and they exit without running anything.
 *
 * <p>Its output goes, from its start, to a file of its own under {@code directory} (on the home's
 * disk). When it is taken for a run, the run's log so far (earlier attempts and this attempt's
 * header) is appended to that file, and the file is renamed over the run's log before the contract
 * is sent: the JVM keeps writing to the same open file, now the run's log, so the log is written by
 * the child itself and survives a crash of the supervisor, as with a cold start. A warm JVM that
 * wrote anything before it was taken (a JVM warning) is not used, so the log never holds output out
 * of order.
 *
 * <p>A spec nobody used for {@code idleExpiry} loses its JVMs. When the pool closes, or the process
 * holding it dies, the pipes close and every idle JVM exits. A spec whose warm JVMs keep dying
 * before they are used (an option the JVM refuses) stops being pre-started after {@link
 * #FAILURE_LIMIT} deaths; its runs start cold and report the problem in their logs.
 */
final class WarmPool implements AttemptSpawner {
  /** Pre-started JVMs per launch spec; 0 turns warm starts off. */
  static final String SIZE_VARIABLE = "OVERTIME_LOCAL_WARM_JVMS";

  /** Seconds after which the warm JVMs of a spec that no run used are stopped. */
  static final String IDLE_VARIABLE = "OVERTIME_LOCAL_WARM_IDLE_SECONDS";

  static final int DEFAULT_SIZE = 1;
  static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofMinutes(5);

  /** Deaths of unused warm JVMs of one spec after which that spec starts cold only. */
  static final int FAILURE_LIMIT = 3;

  /** The argument that makes the bootstrap wait for its contract on standard input. */
  static final String WARM_ARGUMENT = "--contract-on-stdin";

  private static final Duration EXIT_WAIT = Duration.ofSeconds(2);
  private static final String OUTPUT_SUFFIX = ".out";

  private final Path directory;
  private final int size;
  private final Duration idleExpiry;
  private final ColdSpawner cold;
  private final String prefix = ProcessHandle.current().pid() + "-";
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Key, SpecPool> pools = new HashMap<>(); // guarded by this
  private ScheduledThreadPoolExecutor worker; // created on first use; guarded by this
  private boolean closed; // guarded by this

  WarmPool(Path directory, int size, Duration idleExpiry, ColdSpawner cold) {
    if (size < 0) {
      throw new IllegalArgumentException("The warm pool size must not be negative, was " + size);
    }
    if (idleExpiry == null || idleExpiry.isNegative() || idleExpiry.isZero()) {
      throw new IllegalArgumentException("The idle expiry must be positive, was " + idleExpiry);
    }
    this.directory = directory;
    this.size = size;
    this.idleExpiry = idleExpiry;
    this.cold = cold;
  }

  /**
   * Parses {@link #SIZE_VARIABLE}: a whole number from 0, or the default when unset.
   *
   * @throws IllegalArgumentException naming the variable and what it accepts
   */
  static int sizeFrom(Map<String, String> environment) {
    String text = environment.get(SIZE_VARIABLE);
    if (text == null || text.isBlank()) {
      return DEFAULT_SIZE;
    }
    try {
      int size = Integer.parseInt(text.trim());
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        SIZE_VARIABLE
            + " must be a whole number from 0 (0 turns warm starts off), was '"
            + text
            + "'");
  }

  /**
   * Parses {@link #IDLE_VARIABLE}: whole seconds from 1, or the default when unset.
   *
   * @throws IllegalArgumentException naming the variable and what it accepts
   */
  static Duration idleExpiryFrom(Map<String, String> environment) {
    String text = environment.get(IDLE_VARIABLE);
    if (text == null || text.isBlank()) {
      return DEFAULT_IDLE_EXPIRY;
    }
    try {
      long seconds = Long.parseLong(text.trim());
      if (seconds >= 1) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        IDLE_VARIABLE + " must be a whole number of seconds from 1, was '" + text + "'");
  }

  /**
   * What decides whether a warm JVM can serve a launch: everything of its command line, working
   * directory and environment. The retry delay and grace period of a {@link LaunchSpec} are the
   * supervisor's, not the JVM's, so they are left out.
   */
  record Key(
      String java,
      List<String> jvmOptions,
      List<String> classDataOptions,
      String classpath,
      Path workingDirectory,
      Map<String, String> environment) {
    Key {
      jvmOptions = List.copyOf(jvmOptions);
      classDataOptions = List.copyOf(classDataOptions);
      environment = Map.copyOf(environment);
    }

    static Key of(LaunchSpec spec, List<String> classDataOptions) {
      return new Key(
          spec.java(),
          spec.jvmOptions(),
          classDataOptions,
          spec.classpath(),
          spec.workingDirectory(),
          spec.environment());
    }

    @Override
    public String toString() {
      // The environment may hold secrets: never print it.
      return "java=" + java + ", options=" + jvmOptions + ", class data=" + classDataOptions;
    }
  }

  @Override
  public Process spawn(
      LaunchSpec spec, List<String> classDataOptions, Map<String, String> contract, Path logFile)
      throws IOException {
    if (size == 0) {
      return cold.spawn(spec, classDataOptions, contract, logFile);
    }
    byte[] contractBytes = ContractStream.write(contract);
    while (true) {
      WarmJvm jvm = take(spec, classDataOptions);
      if (jvm == null) {
        return cold.spawn(spec, classDataOptions, contract, logFile);
      }
      if (hand(jvm, contractBytes, logFile)) {
        return jvm.process;
      }
    }
  }

  /** The number of idle warm JVMs of {@code spec} without class-data options. */
  synchronized int idle(LaunchSpec spec) {
    SpecPool pool = pools.get(Key.of(spec, List.of()));
    return pool == null ? 0 : pool.idle.size();
  }

  /**
   * How many warm JVMs of {@code spec} (without class-data options) died before they were used (or
   * could not start).
   */
  synchronized int failures(LaunchSpec spec) {
    SpecPool pool = pools.get(Key.of(spec, List.of()));
    return pool == null ? 0 : pool.failures;
  }

  /** The processes of every idle warm JVM, for tests and benchmarks. */
  synchronized List<ProcessHandle> idleProcesses() {
    List<ProcessHandle> processes = new ArrayList<>();
    for (SpecPool pool : pools.values()) {
      for (WarmJvm jvm : pool.idle) {
        processes.add(jvm.process.toHandle());
      }
    }
    return processes;
  }

  /**
   * Stops every idle warm JVM (closing its pipe) and waits briefly for them to exit. Attempts
   * already handed a contract go on.
   */
  @Override
  public void close() {
    List<WarmJvm> idle = new ArrayList<>();
    ScheduledThreadPoolExecutor stopped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (SpecPool pool : pools.values()) {
        idle.addAll(pool.idle);
        pool.idle.clear();
      }
      pools.clear();
      stopped = worker;
    }
    for (WarmJvm jvm : idle) {
      jvm.stop();
    }
    long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
    for (WarmJvm jvm : idle) {
      try {
        jvm.process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        jvm.process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        // onExit does not fail.
      }
      jvm.deleteOutput();
    }
    if (stopped != null) {
      stopped.shutdownNow();
    }
  }

  // ---- taking and handing over

  private synchronized WarmJvm take(LaunchSpec spec, List<String> classDataOptions) {
    if (closed) {
      return null;
    }
    SpecPool pool =
        pools.computeIfAbsent(
            Key.of(spec, classDataOptions), key -> new SpecPool(key, spec, classDataOptions));
    pool.lastUsed = System.nanoTime();
    WarmJvm jvm = pool.idle.pollFirst();
    if (jvm != null) {
      jvm.taken = true;
    }
    refillLater(pool);
    return jvm;
  }

  /**
   * Gives the run to {@code jvm}: its output file becomes the run's log, then the contract goes
   * down its pipe. False when the JVM cannot be used (dead, or it wrote before its run); it is
   * stopped and the caller takes another.
   */
  private boolean hand(WarmJvm jvm, byte[] contract, Path logFile) throws IOException {
    if (!jvm.process.isAlive()) {
      jvm.deleteOutput();
      return false;
    }
    long written = Files.size(jvm.output);
    if (written > 0) {
      String said = firstLine(jvm.output);
      jvm.stop();
      jvm.process.onExit().thenRun(jvm::deleteOutput);
      failed(jvm.pool, "it wrote before it was given a run: " + said);
      return false;
    }
    if (Files.exists(logFile)) {
      try (OutputStream output = Files.newOutputStream(jvm.output, StandardOpenOption.APPEND)) {
        Files.copy(logFile, output);
      }
    }
    try {
      Files.move(jvm.output, logFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(jvm.output, logFile, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      OutputStream pipe = jvm.process.getOutputStream();
      pipe.write(contract);
      pipe.close();
    } catch (IOException e) {
      // It died after the check above; whatever it wrote is in the log, which the next JVM (or a
      // cold start) appends to.
      jvm.process.destroyForcibly();
      return false;
    }
    return true;
  }

  // ---- refilling and expiry (on the worker thread)

  private void refillLater(SpecPool pool) {
    if (worker == null) {
      worker = new ScheduledThreadPoolExecutor(1, WarmPool::workerThread);
      worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      long period = Math.max(50, Math.min(idleExpiry.toMillis() / 4, 30_000));
      worker.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
      worker.execute(this::sweepOrphans);
    }
    worker.execute(() -> refill(pool));
  }

  private void refill(SpecPool pool) {
    while (true) {
      synchronized (this) {
        if (closed
            || pools.get(pool.key) != pool
            || pool.failures >= FAILURE_LIMIT
            || pool.idle.size() >= size) {
          return;
        }
      }
      WarmJvm jvm;
      try {
        jvm = start(pool);
      } catch (IOException | RuntimeException e) {
        failed(pool, "it could not be started: " + e);
        return;
      }
      boolean keep;
      synchronized (this) {
        keep = !closed && pools.get(pool.key) == pool;
        if (keep) {
          pool.idle.addLast(jvm);
        }
      }
      if (!keep) {
        jvm.stop();
        jvm.process.onExit().thenRun(jvm::deleteOutput);
        return;
      }
      jvm.process.onExit().thenRun(() -> exited(jvm));
    }
  }

  private WarmJvm start(SpecPool pool) throws IOException {
    Files.createDirectories(directory);
    Path output = directory.resolve(prefix + sequence.incrementAndGet() + OUTPUT_SUFFIX);
    try {
      Files.createFile(
          output,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(output);
    }
    List<String> command = new ArrayList<>(cold.command(pool.spec, pool.classDataOptions));
    command.add(WARM_ARGUMENT);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(pool.spec.workingDirectory().toFile());
    builder.environment().clear();
    builder.environment().putAll(pool.spec.environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    try {
      return new WarmJvm(pool, builder.start(), output);
    } catch (IOException e) {
      Files.deleteIfExists(output);
      throw e;
    }
  }

  /** An idle warm JVM exited on its own: it is not used, and counts against its spec. */
  private void exited(WarmJvm jvm) {
    boolean unexpected;
    synchronized (this) {
      unexpected = !jvm.taken && !jvm.stopped && jvm.pool.idle.remove(jvm);
    }
    if (!unexpected) {
      return;
    }
    String said = firstLine(jvm.output);
    jvm.deleteOutput();
    failed(
        jvm.pool,
        "it exited with code " + jvm.process.exitValue() + " before it was given a run: " + said);
    synchronized (this) {
      if (!closed && worker != null) {
        worker.execute(() -> refill(jvm.pool));
      }
    }
  }

  private void failed(SpecPool pool, String why) {
    int failures;
    synchronized (this) {
      failures = ++pool.failures;
    }
    if (failures == FAILURE_LIMIT) {
      System.err.println(
          "[overtime] supervisor: warm JVMs for "
              + pool.key
              + " are not pre-started any more ("
              + FAILURE_LIMIT
              + " failed; the last because "
              + why
              + "); their runs start cold");
    }
  }

  private void expire() {
    List<WarmJvm> stale = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      pools
          .values()
          .removeIf(
              pool -> {
                if (now - pool.lastUsed < idleExpiry.toNanos()) {
                  return false;
                }
                stale.addAll(pool.idle);
                pool.idle.clear();
                return true;
              });
    }
    for (WarmJvm jvm : stale) {
      jvm.stop();
      jvm.process.onExit().thenRun(jvm::deleteOutput);
    }
  }

  /** Deletes output files of warm JVMs of processes that are gone (killed before they cleaned). */
  private void sweepOrphans() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + OUTPUT_SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0 || name.startsWith(prefix)) {
          continue;
        }
        try {
          long pid = Long.parseLong(name.substring(0, dash));
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
        } catch (NumberFormatException e) {
          continue;
        }
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Only disk space is at stake.
    }
  }

  private static String firstLine(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      return (end < 0 ? text : text.substring(0, end)).strip();
    } catch (IOException e) {
      return "(its output cannot be read: " + e.getMessage() + ")";
    }
  }

  private static Thread workerThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "overtime-local-warm-pool");
    thread.setDaemon(true);
    return thread;
  }

  /** The warm JVMs of one key, started per the first spec that had it. */
  private static final class SpecPool {
    final Key key;
    final LaunchSpec spec;
    final List<String> classDataOptions;
    final Deque<WarmJvm> idle = new ArrayDeque<>();
    long lastUsed = System.nanoTime();
    int failures;

    SpecPool(Key key, LaunchSpec spec, List<String> classDataOptions) {
      this.key = key;
      this.spec = spec;
      this.classDataOptions = List.copyOf(classDataOptions);
    }
  }

  /** One pre-started JVM and the file its output goes to until it is taken. */
  private static final class WarmJvm {
    final SpecPool pool;
    final Process process;
    final Path output;
    volatile boolean taken;
    volatile boolean stopped;

    WarmJvm(SpecPool pool, Process process, Path output) {
      this.pool = pool;
      this.process = process;
      this.output = output;
    }

    /** Closes its pipe: the bootstrap sees the end of its input and exits without a run. */
    void stop() {
      stopped = true;
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        process.destroyForcibly();
      }
    }

    void deleteOutput() {
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        // Only disk space is at stake.
      }
    }
  }
}
