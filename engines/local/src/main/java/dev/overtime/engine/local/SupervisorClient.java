package dev.overtime.engine.local;

import dev.overtime.runtime.EngineUnavailableException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A client's side of the supervisor of a home: wake it (starting it detached when none answers),
 * ask its status, stop it. Public for the CLI's {@code overtime supervisor}; applications use
 * {@link LocalEngine}, which wakes the supervisor itself.
 */
public final class SupervisorClient {
  private static final Duration START_WAIT = Duration.ofSeconds(30);
  private static final Object STARTING = new Object();
  private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");
  private static final List<String> SUPERVISOR_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx128m");

  private final Path home;
  private final Map<String, String> settings;

  /**
   * @param home the home, absolute
   * @param settings environment variables for a supervisor this client starts ({@code
   *     OVERTIME_LOCAL_CONCURRENCY}, {@code OVERTIME_SUPERVISOR_IDLE}); a running one keeps its own
   */
  public SupervisorClient(Path home, Map<String, String> settings) {
    this.home = home.toAbsolutePath().normalize();
    this.settings = Map.copyOf(settings);
  }

  /**
   * The supervisor's state, as it reports it; {@code schedules} is how many schedules are enabled
   * on the home (while any is, it does not exit when idle).
   */
  public record Status(
      long pid,
      Instant startedAt,
      int concurrency,
      int queued,
      int running,
      Duration idle,
      int schedules) {
    /** How long it has been up. */
    public Duration uptime() {
      return Duration.between(startedAt, Instant.now());
    }
  }

  /** The status of the running supervisor, or empty when none answers. Starts nothing. */
  public Optional<Status> status() {
    return SupervisorChannel.request(home, "status")
        .filter(answer -> answer.startsWith("ok "))
        .map(SupervisorClient::parseStatus);
  }

  private static Status parseStatus(String answer) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String part : answer.substring(3).trim().split(" ")) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        fields.put(part.substring(0, equals), part.substring(equals + 1));
      }
    }
    return new Status(
        Long.parseLong(fields.getOrDefault("pid", "0")),
        Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("started", "0"))),
        Integer.parseInt(fields.getOrDefault("concurrency", "0")),
        Integer.parseInt(fields.getOrDefault("queued", "0")),
        Integer.parseInt(fields.getOrDefault("running", "0")),
        Duration.ofMillis(Long.parseLong(fields.getOrDefault("idle-ms", "0"))),
        Integer.parseInt(fields.getOrDefault("schedules", "0")));
  }

  /**
   * Asks the supervisor to stop. Without {@code force} it refuses while runs are queued or running;
   * with it, it stops anyway and those runs go on unsupervised until the next client starts a
   * supervisor, which adopts them. Waits up to {@code wait} for the process to exit.
   */
  public StopAnswer stop(boolean force, Duration wait) {
    Optional<String> answer = SupervisorChannel.request(home, force ? "stop force" : "stop");
    if (answer.isEmpty()) {
      return new StopAnswer(StopAnswer.Kind.NONE_RUNNING, 0, "");
    }
    String text = answer.get();
    if (text.startsWith("refused ")) {
      return new StopAnswer(StopAnswer.Kind.REFUSED, 0, text.substring("refused ".length()));
    }
    if (text.startsWith("ok stopping ")) {
      long pid = Long.parseLong(text.substring("ok stopping ".length()).trim());
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      long deadline = System.nanoTime() + wait.toNanos();
      while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
        sleep(20);
      }
      boolean exited = process.isEmpty() || !process.get().isAlive();
      return new StopAnswer(
          exited ? StopAnswer.Kind.STOPPED : StopAnswer.Kind.STILL_EXITING, pid, "");
    }
    return new StopAnswer(StopAnswer.Kind.REFUSED, 0, text);
  }

  /**
   * What {@link #stop} found.
   *
   * @param kind whether one was running, stopped, is still exiting, or refused
   * @param pid the supervisor's pid when it was asked to stop, else 0
   * @param reason why it refused ("1 running, 0 queued"), else empty
   */
  public record StopAnswer(Kind kind, long pid, String reason) {
    /** The outcomes of a stop request. */
    public enum Kind {
      /** No supervisor answered: none was running. */
      NONE_RUNNING,
      /** The supervisor answered and its process exited. */
      STOPPED,
      /** The supervisor answered but its process had not exited when the wait ended. */
      STILL_EXITING,
      /** The supervisor refused: runs are queued or running and {@code force} was not given. */
      REFUSED
    }
  }

  /**
   * Tells the supervisor that the store changed (a run was submitted or a cancel requested),
   * starting one when none answers. Returns once a supervisor has the message.
   */
  public void wake() {
    if (SupervisorChannel.request(home, "wake").isPresent()) {
      return;
    }
    synchronized (STARTING) {
      try {
        RunStore.ensureHome(home);
      } catch (IOException e) {
        throw new EngineUnavailableException(
            "Cannot create OVERTIME_HOME " + home + ": " + e.getMessage(), e);
      }
      // One client at a time starts a supervisor, across JVMs; the supervisor's own lock decides
      // anyway, this only saves starting JVMs that would be refused.
      try (FileChannel guard =
              FileChannel.open(
                  home.resolve("supervisor.start"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock unused = guard.lock()) {
        Process started = null;
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
          if (SupervisorChannel.request(home, "wake").isPresent()) {
            return;
          }
          // A supervisor that was refused exits; one that is idling out releases the lock soon.
          if (started == null || !started.isAlive()) {
            started = start();
          }
          sleep(20);
        }
      } catch (IOException e) {
        throw new EngineUnavailableException(
            "Cannot start the supervisor of " + home + ": " + e.getMessage(), e);
      }
    }
    throw new EngineUnavailableException(
        "No supervisor answered on "
            + home
            + " within "
            + START_WAIT.toSeconds()
            + " s of starting one; see "
            + home.resolve(Supervisor.LOG_FILE)
            + " for why.");
  }

  /** Starts a supervisor in a session of its own, so that it outlives this process. */
  private Process start() throws IOException {
    String setsid =
        SETSID.stream()
            .filter(path -> Files.isExecutable(Path.of(path)))
            .findFirst()
            .orElseThrow(
                () ->
                    new EngineUnavailableException(
                        "The local engine starts its supervisor with setsid, which is not installed"
                            + " (looked for "
                            + SETSID
                            + "). Install util-linux (Debian/Ubuntu: apt-get install util-linux;"
                            + " Alpine: apk add util-linux)."));
    List<String> command = new ArrayList<>();
    command.add(setsid);
    command.add(javaCommand());
    command.addAll(SUPERVISOR_JVM_OPTIONS);
    command.add("-cp");
    command.add(classpath());
    command.add(Supervisor.class.getName());
    command.add(home.toString());
    rotateLog(home.resolve(Supervisor.LOG_FILE));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings);
    builder.directory(home.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectErrorStream(true);
    builder.redirectOutput(
        ProcessBuilder.Redirect.appendTo(home.resolve(Supervisor.LOG_FILE).toFile()));
    return builder.start();
  }

  /** The size past which a new supervisor's log starts afresh, the old one kept as {@code .1}. */
  static final long LOG_ROTATE_BYTES = 8L * 1024 * 1024;

  /**
   * Keeps {@code supervisor.log} bounded across supervisors: one over {@link #LOG_ROTATE_BYTES} is
   * moved to {@code supervisor.log.1} (replacing the one before) as a new supervisor starts.
   */
  static void rotateLog(Path log) {
    try {
      if (Files.size(log) > LOG_ROTATE_BYTES) {
        Files.move(
            log,
            log.resolveSibling(log.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // No log yet, or it cannot be moved: the new supervisor appends to it.
    }
  }

  static String javaCommand() {
    Path own = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(own)) {
      return own.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * The supervisor's class path: where this engine's classes and its dependencies were loaded from
   * (not the application's class path, which may lack nothing or hold much more).
   */
  static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String name :
        List.of(
            "dev.overtime.engine.local.Supervisor",
            "dev.overtime.contract.AttemptLifecycle",
            "dev.overtime.runtime.Engine",
            "dev.overtime.Job",
            "dev.overtime.bootstrap.Main",
            "org.sqlite.JDBC",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "com.fasterxml.jackson.datatype.jdk8.Jdk8Module",
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule")) {
      location(name).ifPresent(entries::add);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<String> location(String className) {
    try {
      Class<?> type = Class.forName(className, false, SupervisorClient.class.getClassLoader());
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      return Optional.of(Path.of(source.getLocation().toURI()).toString());
    } catch (ClassNotFoundException | LinkageError | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The pid in the home's {@code supervisor.pid}, if any (it may be stale). */
  static Optional<Long> readPid(Path home) {
    try {
      for (String line :
          Files.readAllLines(home.resolve(Supervisor.PID_FILE), StandardCharsets.UTF_8)) {
        if (line.startsWith("pid ")) {
          return Optional.of(Long.parseLong(line.substring(4).trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // None.
    }
    return Optional.empty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException("Interrupted while starting the supervisor", e);
    }
  }
}
