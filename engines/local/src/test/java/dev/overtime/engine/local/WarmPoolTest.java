package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.RunContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm pool with real bootstrap JVMs. The class path has no jobs, so every run ends as the
 * bootstrap's {@code [overtime.unknown-job]} bad invocation (exit 2, with an outcome document):
 * what is tested is which process ran it, where its output went and what happened to the pool.
 */
@Timeout(180)
class WarmPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path directory;
  private final List<WarmPool> pools = new ArrayList<>();
  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    pools.forEach(WarmPool::close);
    for (ProcessHandle process : started) {
      process.destroyForcibly();
    }
  }

  @Test
  void eachWarmJvmServesOneRunAndIsReplacedByAFreshOne() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m");
    Process first =
        pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log"));
    assertEquals(2, first.waitFor(), "nothing was warm yet: a cold start");

    ProcessHandle warm = awaitOneIdle(pool, spec);
    Path log = directory.resolve("b.log");
    Files.writeString(log, "earlier attempt's output\n[overtime] attempt 2 of 3 started at x\n");
    Process second = pool.spawn(spec, List.of(), contract(directory, "b"), log);

    assertEquals(warm.pid(), second.pid(), "the run went to the pre-started JVM");
    assertEquals(2, second.waitFor());
    String text = Files.readString(log);
    assertTrue(
        text.startsWith("earlier attempt's output\n[overtime] attempt 2 of 3 started at x\n"),
        text);
    assertTrue(text.contains("[overtime.unknown-job] No job 'no-such-job'"), text);
    assertTrue(
        Files.readString(directory.resolve("outcome-b.json")).contains("\"runId\":\"run-b\""),
        "the contract arrived over the pipe");

    ProcessHandle next = awaitOneIdle(pool, spec, warm.pid());
    assertTrue(next.isAlive());
    await("only the fresh JVM's output file is left", () -> outputFiles().size() == 1);
  }

  @Test
  void aWarmJvmLocksAndClaimsTheLaunchItsStdinContractNames() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m");
    pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log")).waitFor();
    ProcessHandle warm = awaitOneIdle(pool, spec);

    Map<String, String> contract = contract(directory, "b");
    Path claim = directory.resolve("launch-1.claim");
    contract.put(RunContract.ATTEMPT_LOCK, directory.resolve("launch-1.lock").toString());
    contract.put(RunContract.ATTEMPT_CLAIM, claim.toString());
    Process run = pool.spawn(spec, List.of(), contract, directory.resolve("b.log"));

    assertEquals(warm.pid(), run.pid());
    assertEquals(2, run.waitFor(), "it went on to the (unknown) job after claiming");
    assertTrue(
        Files.readString(claim).startsWith("pid " + warm.pid() + "\n"),
        "the warm JVM claimed the launch: " + Files.readString(claim));
  }

  @Test
  void aWarmJvmHandedAnAlreadyClaimedLaunchExitsSupersededWithoutRunning() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m");
    pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log")).waitFor();
    ProcessHandle warm = awaitOneIdle(pool, spec);

    Map<String, String> contract = contract(directory, "b");
    Path claim = directory.resolve("launch-1.claim");
    Files.writeString(claim, "pid 1\nstart 0\n");
    contract.put(RunContract.ATTEMPT_LOCK, directory.resolve("launch-1.lock").toString());
    contract.put(RunContract.ATTEMPT_CLAIM, claim.toString());
    Path log = directory.resolve("b.log");
    Process run = pool.spawn(spec, List.of(), contract, log);

    assertEquals(warm.pid(), run.pid());
    assertEquals(7, run.waitFor(), Files.readString(log));
    assertTrue(Files.readString(log).contains("already claimed"), Files.readString(log));
    assertFalse(
        Files.exists(directory.resolve("outcome-b.json")), "nothing ran: no outcome was written");
    assertEquals("pid 1\nstart 0\n", Files.readString(claim), "the claim is left as it was");
  }

  @Test
  void theKeyIsTheCommandLineDirectoryAndEnvironmentNotTheSupervisorsSettings() {
    LaunchSpec spec = spec("-Xmx64m");
    LaunchSpec slower =
        new LaunchSpec(
            spec.java(),
            spec.classpath(),
            spec.jvmOptions(),
            spec.workingDirectory(),
            spec.environment(),
            Duration.ofSeconds(9),
            Duration.ofSeconds(1));
    assertEquals(WarmPool.Key.of(spec, List.of()), WarmPool.Key.of(slower, List.of()));
    assertNotEquals(
        WarmPool.Key.of(spec, List.of()),
        WarmPool.Key.of(spec, List.of("-XX:SharedArchiveFile=/a.jsa")));
    assertNotEquals(
        WarmPool.Key.of(spec, List.of()), WarmPool.Key.of(spec.withClasspath("/x.jar"), List.of()));
    Map<String, String> environment = new HashMap<>(spec.environment());
    environment.put("OTHER", "1");
    assertNotEquals(
        WarmPool.Key.of(spec, List.of()),
        WarmPool.Key.of(
            new LaunchSpec(
                spec.java(),
                spec.classpath(),
                spec.jvmOptions(),
                spec.workingDirectory(),
                environment,
                spec.retryBaseDelay(),
                spec.gracePeriod()),
            List.of()));
  }

  @Test
  void eachJvmOptionSetHasItsOwnPoolSoTheMemoryLimitHolds() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec small = spec("-Xmx64m");
    LaunchSpec large = spec("-Xmx96m");
    pool.spawn(small, List.of(), contract(directory, "a"), directory.resolve("a.log")).waitFor();
    pool.spawn(large, List.of(), contract(directory, "b"), directory.resolve("b.log")).waitFor();

    ProcessHandle smallJvm = awaitOneIdle(pool, small);
    ProcessHandle largeJvm = awaitOneIdle(pool, large);
    assertTrue(arguments(smallJvm).contains("-Xmx64m"), arguments(smallJvm).toString());
    assertTrue(arguments(largeJvm).contains("-Xmx96m"), arguments(largeJvm).toString());

    Process run =
        pool.spawn(large, List.of(), contract(directory, "c"), directory.resolve("c.log"));
    assertEquals(largeJvm.pid(), run.pid());
    assertEquals(1, pool.idle(small), "the other spec's JVM was not used");
    assertEquals(2, run.waitFor());
  }

  @Test
  void sizeZeroStartsEveryRunColdAndKeepsNothing() throws Exception {
    WarmPool pool = pool(0, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m");
    for (String name : List.of("a", "b")) {
      Process run =
          pool.spawn(spec, List.of(), contract(directory, name), directory.resolve(name + ".log"));
      assertEquals(2, run.waitFor());
      assertTrue(Files.readString(directory.resolve(name + ".log")).contains("no-such-job"));
    }
    assertTrue(pool.idleProcesses().isEmpty());
    assertFalse(Files.exists(directory.resolve("warm")), "no JVM was pre-started");
  }

  @Test
  void unusedJvmsExpireAndTheirFilesGo() throws Exception {
    // The expiry counts from the spec's last use, the spawn of run a. The pre-started JVM joins the
    // pool at once (before it has loaded anything), so it is looked for right after the spawn: run
    // a
    // itself may take longer than the expiry on a loaded machine, and by its end the JVM may have
    // expired already.
    WarmPool pool = pool(1, Duration.ofSeconds(3));
    LaunchSpec spec = spec("-Xmx64m");
    Process first =
        pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log"));
    await("a JVM pre-started for " + spec, () -> pool.idle(spec) == 1);
    ProcessHandle warm = pool.idleProcesses().get(0);
    started.add(warm);
    first.waitFor();

    await("the idle JVM to expire and exit", () -> !warm.isAlive() && pool.idle(spec) == 0);
    await("its output file to be deleted", () -> outputFiles().isEmpty());
  }

  @Test
  void closeStopsTheIdleJvms() throws Exception {
    WarmPool pool = pool(2, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m");
    pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log")).waitFor();
    await("two idle JVMs", () -> pool.idle(spec) == 2);
    List<ProcessHandle> idle = pool.idleProcesses();

    pool.close();

    await("the idle JVMs to exit", () -> idle.stream().noneMatch(ProcessHandle::isAlive));
    assertTrue(outputFiles().isEmpty(), outputFiles().toString());
    Process after =
        pool.spawn(spec, List.of(), contract(directory, "b"), directory.resolve("b.log"));
    assertEquals(2, after.waitFor(), "a closed pool still starts runs, cold");
  }

  @Test
  void anIdleJvmExitsWhenTheProcessHoldingItsPipeIsKilled() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            java(),
            "-cp",
            System.getProperty("java.class.path"),
            WarmPoolHolder.class.getName(),
            directory.toString());
    builder.redirectErrorStream(true);
    Process holder = builder.start();
    started.add(holder.toHandle());
    long warmPid;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      warmPid = Long.parseLong(lines.readLine().trim());
      ProcessHandle warm = ProcessHandle.of(warmPid).orElseThrow();
      started.add(warm);
      assertTrue(warm.isAlive());

      holder.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      holder.waitFor();

      await("the orphaned warm JVM to see its pipe close and exit", () -> !warm.isAlive());
    }
  }

  @Test
  void aJvmThatWroteBeforeItsRunIsNotUsed() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m", "-XX:+PrintCommandLineFlags");
    pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log")).waitFor();
    ProcessHandle noisy = awaitOneIdle(pool, spec);
    await(
        "the warm JVM to print its flags",
        () -> outputFiles().stream().anyMatch(file -> file.toFile().length() > 0));

    Path log = directory.resolve("b.log");
    Files.writeString(log, "[overtime] attempt 1 of 1 started at x\n");
    Process run = pool.spawn(spec, List.of(), contract(directory, "b"), log);

    assertNotEquals(noisy.pid(), run.pid(), "a cold start instead");
    assertEquals(2, run.waitFor());
    assertTrue(Files.readString(log).startsWith("[overtime] attempt 1 of 1 started at x\n"));
    await("the unused JVM to exit", () -> !noisy.isAlive());
  }

  @Test
  void aSpecWhoseJvmsDieIsNoLongerPreStarted() throws Exception {
    WarmPool pool = pool(1, Duration.ofHours(1));
    LaunchSpec spec = spec("-Xmx64m", "-XX:+NoSuchOptionForOvertimeTests");
    Process run = pool.spawn(spec, List.of(), contract(directory, "a"), directory.resolve("a.log"));
    assertEquals(1, run.waitFor(), "the JVM refuses the option");
    assertTrue(Files.readString(directory.resolve("a.log")).contains("NoSuchOptionForOvertime"));

    await("the pool to give up on the spec", () -> pool.failures(spec) == WarmPool.FAILURE_LIMIT);
    await("no output files left", () -> outputFiles().isEmpty());
    assertEquals(0, pool.idle(spec));
  }

  @Test
  void badSettingsAreRefusedNamingTheVariable() {
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> WarmPool.sizeFrom(Map.of(WarmPool.SIZE_VARIABLE, "-1")));
    assertTrue(size.getMessage().contains("OVERTIME_LOCAL_WARM_JVMS"), size.getMessage());
    IllegalArgumentException idle =
        assertThrows(
            IllegalArgumentException.class,
            () -> WarmPool.idleExpiryFrom(Map.of(WarmPool.IDLE_VARIABLE, "soon")));
    assertTrue(idle.getMessage().contains("OVERTIME_LOCAL_WARM_IDLE_SECONDS"), idle.getMessage());
    assertEquals(WarmPool.DEFAULT_SIZE, WarmPool.sizeFrom(Map.of()));
    assertEquals(0, WarmPool.sizeFrom(Map.of(WarmPool.SIZE_VARIABLE, " 0 ")));
    assertEquals(
        Duration.ofSeconds(30), WarmPool.idleExpiryFrom(Map.of(WarmPool.IDLE_VARIABLE, "30")));
  }

  // ---- helpers

  static LaunchSpec spec(String... options) {
    List<String> jvmOptions = new ArrayList<>(LocalEngine.DEFAULT_JVM_OPTIONS);
    jvmOptions.addAll(List.of(options));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("OVERTIME_"));
    return new LaunchSpec(
        java(),
        System.getProperty("java.class.path"),
        jvmOptions,
        Path.of("").toAbsolutePath(),
        environment,
        Duration.ofMillis(50),
        Duration.ofSeconds(10));
  }

  static Map<String, String> contract(Path directory, String name) {
    Map<String, String> contract = new LinkedHashMap<>();
    contract.put(RunContract.JOB, "no-such-job");
    contract.put(RunContract.RUN_ID, "run-" + name);
    contract.put(RunContract.PAYLOAD, "{}");
    contract.put(
        RunContract.RESULT_URI, directory.resolve("outcome-" + name + ".json").toUri().toString());
    return contract;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private WarmPool pool(int size, Duration idleExpiry) {
    WarmPool pool =
        new WarmPool(directory.resolve("warm"), size, idleExpiry, new ColdSpawner(directory));
    pools.add(pool);
    return pool;
  }

  private ProcessHandle awaitOneIdle(WarmPool pool, LaunchSpec spec, long... notThese) {
    await(
        "one idle JVM for " + spec,
        () ->
            pool.idle(spec) == 1
                && pool.idleProcesses().stream()
                    .noneMatch(p -> java.util.Arrays.stream(notThese).anyMatch(n -> n == p.pid())));
    ProcessHandle idle =
        pool.idleProcesses().stream()
            .filter(p -> arguments(p).containsAll(spec.jvmOptions()))
            .findFirst()
            .orElseThrow();
    started.add(idle);
    return idle;
  }

  private static List<String> arguments(ProcessHandle process) {
    return process.info().arguments().map(List::of).orElse(List.of());
  }

  private List<Path> outputFiles() {
    Path warm = directory.resolve("warm");
    if (!Files.isDirectory(warm)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(warm)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
