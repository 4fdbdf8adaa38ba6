package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A run recorded in a Slurm engine directory for unit tests: its spec (60 s timeout, 128 MiB, a
 * class-path file that points nowhere, a java that does not exist) and its run directory.
 */
final class TestRuns {
  private TestRuns() {}

  /** The spec of run {@code runId} of job {@code job}, created at {@code createdAt}. */
  static RunSpec spec(Path directory, String runId, String job, Instant createdAt, int maxAttempts)
      throws IOException {
    Path classpath = directory.resolve("cp.args");
    if (!Files.exists(classpath)) {
      Files.writeString(classpath, "-cp /nowhere\n");
    }
    return new RunSpec(
        runId,
        job,
        createdAt,
        maxAttempts,
        60_000,
        128,
        1024,
        10,
        1000,
        null,
        directory.resolve("no-such-java").toString(),
        List.of(),
        classpath,
        null,
        null);
  }

  /** The run's directory under {@code directory/runs}, with its spec file written. */
  static RunFiles files(Path directory, RunSpec spec) throws IOException {
    RunFiles files = new RunFiles(directory.resolve("runs").resolve(spec.id()));
    Files.createDirectories(files.directory());
    assertTrue(spec.toRecord().createAt(files.file(RunFiles.SPEC)), "the spec was written");
    return files;
  }
}
