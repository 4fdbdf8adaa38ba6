package dev.overtime.engine.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own commands, the interface every Slurm since the first speaks and every site allows: the
 * engine needs {@code sbatch}, {@code squeue} and {@code scancel} (no {@code slurmdbd}, no {@code
 * slurmrestd}, whose API versions change with every release and which few sites run). Each call is
 * a short process with a time limit.
 */
final class SlurmCommands {
  private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

  /** A status question gets less: while the controller is down, readers fall back to the files. */
  private static final Duration STATE_TIME_LIMIT = Duration.ofSeconds(15);

  /** Job states in which the job's batch script may still run or run again. */
  private static final Set<String> LIVE_STATES =
      Set.of(
          "PENDING",
          "CONFIGURING",
          "RUNNING",
          "COMPLETING",
          "REQUEUED",
          "REQUEUE_HOLD",
          "REQUEUE_FED",
          "RESIZING",
          "SUSPENDED",
          "STOPPED",
          "SIGNALING",
          "STAGE_OUT",
          "SPECIAL_EXIT",
          "RESV_DEL_HOLD");

  private final Path binDirectory;
  private final Map<String, String> environment;

  /**
   * @param binDirectory the directory of the commands, or null to find them on the {@code PATH}
   * @param environment variables the commands get on top of this process's (e.g. {@code
   *     SLURM_CONF})
   */
  SlurmCommands(Path binDirectory, Map<String, String> environment) {
    this.binDirectory = binDirectory;
    this.environment = Map.copyOf(environment);
  }

  /** What Slurm says about a job. */
  enum JobState {
    /** Pending, running, requeued: its batch script may still run. */
    LIVE,
    /** Ended (completed, failed, cancelled, timed out, node failure) or forgotten by Slurm. */
    GONE,
    /** The controller could not be asked (it is down or restarting): assume nothing. */
    UNKNOWN
  }

  /** Submits {@code script}; returns the job id. */
  String sbatch(List<String> options, Path script) {
    List<String> command = new ArrayList<>();
    command.add(command("sbatch"));
    command.add("--parsable");
    command.addAll(options);
    command.add(script.toString());
    Result result = run(command, TIME_LIMIT);
    if (result.exitCode() != 0) {
      throw new SlurmCommandException(
          "sbatch failed (exit code " + result.exitCode() + "): " + result.errorText(),
          result.unreachable());
    }
    String id = result.out().trim();
    int semicolon = id.indexOf(';');
    if (semicolon >= 0) {
      id = id.substring(0, semicolon); // "<id>;<cluster>" on a federated or multi-cluster setup
    }
    if (!id.matches("[0-9]+(_[0-9]+)?")) {
      throw new SlurmCommandException(
          "sbatch printed '" + result.out().trim() + "', not a job id", false);
    }
    return id;
  }

  /** Whether job {@code jobId} may still run, is gone, or cannot be known now. */
  JobState state(String jobId) {
    Result result;
    try {
      result =
          run(
              List.of(command("squeue"), "-h", "--states=all", "-j", jobId, "-o", "%T"),
              STATE_TIME_LIMIT);
    } catch (SlurmCommandException e) {
      return JobState.UNKNOWN;
    }
    if (result.exitCode() != 0) {
      // A job Slurm purged (MinJobAge) is an invalid id: gone. Anything else: cannot know.
      return result.err().contains("Invalid job id") ? JobState.GONE : JobState.UNKNOWN;
    }
    String state = result.out().trim();
    if (state.isEmpty()) {
      return JobState.GONE;
    }
    String first = state.lines().findFirst().orElse("").trim();
    return LIVE_STATES.contains(first) ? JobState.LIVE : JobState.GONE;
  }

  /** Cancels job {@code jobId} (SIGTERM to its processes, SIGKILL after KillWait). */
  void scancel(String jobId) {
    Result result = run(List.of(command("scancel"), jobId), TIME_LIMIT);
    if (result.exitCode() != 0 && !result.err().contains("Invalid job id")) {
      throw new SlurmCommandException(
          "scancel " + jobId + " failed (exit code " + result.exitCode() + "): " + result.err(),
          result.unreachable());
    }
  }

  private String command(String name) {
    return binDirectory == null ? name : binDirectory.resolve(name).toString();
  }

  private Result run(List<String> command, Duration limit) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SlurmCommandException(
          "cannot run "
              + command.get(0)
              + " ("
              + e.getMessage()
              + "); install Slurm's client commands, or set "
              + SlurmEngine.BIN_VARIABLE
              + " to the directory that holds them",
          false);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SlurmCommandException(
            command.get(0) + " did not answer within " + limit.toSeconds() + " s", true);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new SlurmCommandException("cannot talk to " + command.get(0) + ": " + e, false);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SlurmCommandException("interrupted while " + command.get(0) + " ran", true);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private record Result(int exitCode, String out, String err) {
    String errorText() {
      String text = err.isBlank() ? out : err;
      return text.strip().replace('\n', ' ');
    }

    /** Whether the command failed because the controller could not be reached. */
    boolean unreachable() {
      return err.contains("Unable to contact slurm controller")
          || err.contains("Socket timed out")
          || err.contains("Connection refused");
    }
  }
}
