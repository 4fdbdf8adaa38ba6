package dev.overtime.engine.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch script of a run and the {@code sbatch} options that carry the job's resources: the
 * script only starts the {@link AttemptRunner} on the run's directory; the options map the job's
 * {@code timeout}, {@code memory} and {@code cpu} to {@code --time}, {@code --mem} and {@code
 * --cpus-per-task} (see docs/slurm.md for the table).
 */
final class BatchScript {
  /** Memory for the attempt runner's own JVM, added to the job's memory in {@code --mem}. */
  static final int RUNNER_MEMORY_MIB = 256;

  /** Time for JVM starts and writing records, added per attempt to {@code --time}. */
  static final Duration START_ALLOWANCE = Duration.ofMinutes(1);

  private BatchScript() {}

  /** The script's text: {@code exec java ... AttemptRunner <run directory>}. */
  static String text(RunSpec spec, RunFiles files) {
    StringBuilder command = new StringBuilder("exec ").append(quote(spec.java()));
    for (String option : AttemptRunner.jvmOptions()) {
      command.append(' ').append(quote(option));
    }
    command
        .append(' ')
        .append(quote("@" + spec.classpathFile()))
        .append(' ')
        .append(AttemptRunner.class.getName())
        .append(' ')
        .append(quote(files.directory().toString()));
    return "#!/bin/sh\n"
        + "# Overtime run "
        + spec.id()
        + " of job '"
        + spec.job().replace('\n', ' ')
        + "', written by the Slurm engine (docs/slurm.md).\n"
        + command
        + "\n";
  }

  /** The sbatch options of the run, the engine's settings last (so they can override). */
  static List<String> options(
      RunSpec spec,
      RunFiles files,
      int cpus,
      String partition,
      String account,
      List<String> extraOptions) {
    List<String> options = new ArrayList<>();
    options.add("--job-name=overtime-" + spec.job());
    options.add("--comment=overtime-run=" + spec.id());
    options.add("--chdir=" + files.directory());
    options.add("--output=" + files.file(RunFiles.LOG));
    options.add("--open-mode=append");
    options.add("--nodes=1");
    options.add("--ntasks=1");
    options.add("--cpus-per-task=" + cpus);
    options.add("--mem=" + (spec.memoryMib() + RUNNER_MEMORY_MIB) + "M");
    options.add("--time=" + timeLimitMinutes(spec));
    options.add("--requeue");
    options.add("--export=NONE");
    if (partition != null) {
      options.add("--partition=" + partition);
    }
    if (account != null) {
      options.add("--account=" + account);
    }
    options.addAll(extraOptions);
    return options;
  }

  /**
   * The allocation's time limit: every attempt's timeout plus its start allowance and the stop
   * grace, and the longest backoffs between them, in whole minutes.
   */
  static long timeLimitMinutes(RunSpec spec) {
    long millis =
        spec.maxAttempts()
            * (spec.timeoutMillis() + spec.graceMillis() + START_ALLOWANCE.toMillis());
    for (int failure = 1; failure < spec.maxAttempts(); failure++) {
      millis +=
          Math.min(
              Backoff.MAX_DELAY.toMillis(), spec.retryBaseMillis() << Math.min(20, failure - 1));
    }
    return Math.max(1, (millis + 59_999) / 60_000);
  }

  /** CPUs per task for a job's CPU units (1024 per vCPU), rounded up. */
  static int cpus(int cpuUnits) {
    return Math.max(1, (cpuUnits + 1023) / 1024);
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
