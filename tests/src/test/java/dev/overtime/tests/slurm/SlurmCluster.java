package dev.overtime.tests.slurm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Slurm cluster on loopback for the tests: {@code munged}, {@code slurmctld} and one {@code
 * slurmd} per compute node (several on one host, each with its own node name and port), all started
 * in the foreground from a generated {@code slurm.conf} in a temporary directory, and stopped by
 * their process ids. No systemd, nothing outside the directory.
 *
 * <p>Where Debian's packages ({@code slurmctld slurmd slurm-client munge}) are not installed, or
 * the tests do not run as root (slurmd must), {@link #start} aborts the test with a message naming
 * what is missing: the tests are then reported as skipped, never as passed.
 */
final class SlurmCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> COMMANDS =
      List.of(
          "/usr/sbin/munged",
          "/usr/sbin/mungekey",
          "/usr/sbin/slurmctld",
          "/usr/sbin/slurmd",
          "/usr/bin/sbatch",
          "/usr/bin/squeue",
          "/usr/bin/scancel",
          "/usr/bin/scontrol",
          "/usr/bin/sinfo");

  private final Path directory;
  private final Path conf;
  private final List<String> nodes;
  private final List<Process> daemons = new ArrayList<>();
  private Process munged;
  private Process controller;

  private SlurmCluster(Path directory, List<String> nodes) {
    this.directory = directory;
    this.conf = directory.resolve("slurm.conf");
    this.nodes = nodes;
  }

  /** Starts a cluster with {@code nodeCount} compute nodes, or aborts the test saying why not. */
  static SlurmCluster start(Path directory, int nodeCount) throws Exception {
    List<String> missing = COMMANDS.stream().filter(c -> !Files.isExecutable(Path.of(c))).toList();
    Assumptions.assumeTrue(
        missing.isEmpty(),
        "Slurm tests skipped: "
            + missing
            + " not installed; install them with: apt-get install -y slurmctld slurmd"
            + " slurm-client munge (.ci/run does)");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "Slurm tests skipped: slurmd must run as root, and these tests run as "
            + System.getProperty("user.name"));
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= nodeCount; i++) {
      nodes.add("n" + i);
    }
    SlurmCluster cluster = new SlurmCluster(directory, nodes);
    try {
      cluster.boot();
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void boot() throws Exception {
    Files.createDirectories(directory.resolve("state"));
    Files.createDirectories(directory.resolve("log"));
    Path key = directory.resolve("munge.key");
    run(List.of("/usr/sbin/mungekey", "--create", "--keyfile=" + key));
    munged =
        daemon(
            "munged",
            List.of(
                "/usr/sbin/munged",
                "--foreground",
                "--force",
                "--key-file=" + key,
                "--socket=" + directory.resolve("munge.socket"),
                "--pid-file=" + directory.resolve("munged.pid"),
                "--log-file=" + directory.resolve("log/munged.log"),
                "--seed-file=" + directory.resolve("munge.seed")));
    waitFor("munged's socket", () -> Files.exists(directory.resolve("munge.socket")));
    Files.writeString(conf, configuration(), StandardCharsets.UTF_8);
    startController();
    for (String node : nodes) {
      Files.createDirectories(directory.resolve("spool-" + node));
      daemons.add(
          daemon(
              "slurmd-" + node,
              List.of("/usr/sbin/slurmd", "-D", "-f", conf.toString(), "-N", node)));
    }
    waitFor(
        "every node idle",
        () -> {
          String states = output(List.of("/usr/bin/sinfo", "-h", "-N", "-o", "%N %T"));
          return nodes.stream().allMatch(node -> states.contains(node + " idle"));
        });
  }

  private String configuration() throws IOException {
    int controllerPort = freePort();
    StringBuilder text = new StringBuilder();
    text.append("ClusterName=overtime\n")
        .append("SlurmctldHost=localhost\n")
        .append("SlurmctldPort=")
        .append(controllerPort)
        .append('\n')
        .append("SlurmUser=root\nSlurmdUser=root\n")
        .append("AuthType=auth/munge\nCredType=cred/munge\n")
        .append("AuthInfo=socket=")
        .append(directory.resolve("munge.socket"))
        // A requeued job waits cred_expire (default 120 s) before it may start again.
        .append(",cred_expire=10\n")
        .append("StateSaveLocation=")
        .append(directory.resolve("state"))
        .append('\n')
        .append("SlurmdSpoolDir=")
        .append(directory.resolve("spool-%n"))
        .append('\n')
        .append("SlurmctldPidFile=")
        .append(directory.resolve("slurmctld.pid"))
        .append('\n')
        .append("SlurmdPidFile=")
        .append(directory.resolve("slurmd-%n.pid"))
        .append('\n')
        .append("SlurmctldLogFile=")
        .append(directory.resolve("log/slurmctld.log"))
        .append('\n')
        .append("SlurmdLogFile=")
        .append(directory.resolve("log/slurmd-%n.log"))
        .append('\n')
        .append("ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n")
        .append("SelectType=select/cons_tres\nSelectTypeParameters=CR_Core_Memory\n")
        .append("SchedulerType=sched/backfill\nSchedulerParameters=sched_interval=1\n")
        .append("JobAcctGatherType=jobacct_gather/none\n")
        .append("AccountingStorageType=accounting_storage/none\n")
        .append("JobCompType=jobcomp/none\nMpiDefault=none\n")
        // The nodes are declared with more memory than a small CI machine may have; trust it.
        .append("SlurmdParameters=config_overrides\n")
        .append("ReturnToService=2\nSlurmctldTimeout=30\nSlurmdTimeout=60\n")
        .append("MessageTimeout=5\nInactiveLimit=0\nKillWait=10\nMinJobAge=600\n");
    List<String> names = new ArrayList<>();
    for (String node : nodes) {
      text.append("NodeName=")
          .append(node)
          .append(" NodeHostname=")
          .append("localhost")
          .append(" NodeAddr=127.0.0.1 Port=")
          .append(freePort())
          .append(" CPUs=2 RealMemory=16000 State=UNKNOWN\n");
      names.add(node);
    }
    text.append("PartitionName=debug Nodes=")
        .append(String.join(",", names))
        .append(" Default=YES MaxTime=INFINITE State=UP\n");
    return text.toString();
  }

  /** The {@code slurm.conf} the commands must read ({@code SLURM_CONF}). */
  Path conf() {
    return conf;
  }

  /** The variables an engine of this cluster needs. */
  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("SLURM_CONF", conf.toString());
    return environment;
  }

  List<String> nodes() {
    return nodes;
  }

  /** {@code squeue}'s table of every job: id, name, state, node. */
  String squeue() {
    return output(List.of("/usr/bin/squeue", "-o", "%.8i %.22j %.10T %.6N"));
  }

  /** The Slurm state of one job ({@code RUNNING}, {@code COMPLETED}, ...), or "" if unknown. */
  String jobState(String jobId) {
    return output(List.of("/usr/bin/squeue", "-h", "--states=all", "-j", jobId, "-o", "%T")).trim();
  }

  /** The controller's process, for tests that kill it. */
  ProcessHandle controller() {
    return controller.toHandle();
  }

  /** {@code scontrol show job}, for failure messages. */
  String showJob(String jobId) {
    return output(List.of("/usr/bin/scontrol", "show", "job", jobId));
  }

  /** Requeues a running job, as Slurm does after a node failure ({@code scontrol requeue}). */
  void requeue(String jobId) throws IOException, InterruptedException {
    String text = output(List.of("/usr/bin/scontrol", "requeue", jobId));
    if (!text.isBlank()) {
      throw new IOException("scontrol requeue " + jobId + ": " + text);
    }
  }

  /**
   * Stops the controller with SIGTERM (no restart), as an administrator's restart does: it saves
   * its state first. (After a SIGKILL within seconds of a job's start Slurm may launch that job
   * again, which the engine then decides as a lost attempt.)
   */
  void stopController() throws InterruptedException {
    controller.destroy();
    if (!controller.waitFor(30, TimeUnit.SECONDS)) {
      controller.destroyForcibly();
      controller.waitFor(30, TimeUnit.SECONDS);
    }
  }

  void startController() throws Exception {
    controller =
        daemon("slurmctld", List.of("/usr/sbin/slurmctld", "-D", "-f", conf.toString(), "-i"));
    waitFor(
        "slurmctld to answer",
        () -> {
          ProcessBuilder builder =
              new ProcessBuilder("/usr/bin/squeue", "-h").redirectErrorStream(true);
          builder.environment().put("SLURM_CONF", conf.toString());
          try {
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
          } catch (IOException | InterruptedException e) {
            return false;
          }
        });
  }

  @Override
  public void close() throws Exception {
    if (controller != null && !controller.isAlive() && !daemons.isEmpty()) {
      // A test killed it: without it the jobs cannot be cancelled, and their slurmstepd and
      // processes would outlive the cluster.
      startController();
    }
    if (controller != null && controller.isAlive()) {
      // Jobs first, so that no slurmstepd or run outlives the cluster.
      String jobs = output(List.of("/usr/bin/squeue", "-h", "-o", "%i"));
      for (String job : jobs.lines().map(String::trim).filter(s -> !s.isEmpty()).toList()) {
        output(List.of("/usr/bin/scancel", job));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!output(List.of("/usr/bin/squeue", "-h", "-o", "%i")).isBlank()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    List<Process> all = new ArrayList<>(daemons);
    if (controller != null) {
      all.add(controller);
    }
    if (munged != null) {
      all.add(munged);
    }
    for (Process process : all) {
      process.destroy();
    }
    for (Process process : all) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
  }

  private Process daemon(String name, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(
        ProcessBuilder.Redirect.appendTo(directory.resolve("log/" + name + ".out").toFile()));
    builder.environment().put("SLURM_CONF", conf.toString());
    return builder.start();
  }

  private String output(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SLURM_CONF", conf.toString());
    try {
      Process process = builder.start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(command + " failed: " + text);
    }
  }

  private void waitFor(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + READY_TIMEOUT + " waiting for " + what + "; logs in " + directory);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
