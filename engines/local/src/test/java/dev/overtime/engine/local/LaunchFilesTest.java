package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a recovering supervisor reads from a launch's claim and lock, and the launch spec's
 * encoding. (A lock held by a live process: tests/.../SupervisorKillTest, with real processes.)
 */
class LaunchFilesTest {
  @TempDir Path run;

  @Test
  void withoutAClaimTheLaunchNeverStartedAndTheSupervisorTakesTheClaimSoItNeverWill()
      throws Exception {
    Supervisor.LaunchState state = Supervisor.LaunchState.of(run, 1);

    assertEquals(Supervisor.LaunchState.Kind.NEVER_STARTED, state.kind());
    String claim = Files.readString(LocalAttempts.claimFile(run, 1));
    assertTrue(claim.startsWith("supervisor "), claim);
    assertFalse(
        LocalAttempts.createAtomically(LocalAttempts.claimFile(run, 1), "pid 1\n"),
        "a late process must find the claim taken");
    assertEquals(
        Supervisor.LaunchState.Kind.NEVER_STARTED,
        Supervisor.LaunchState.of(run, 1).kind(),
        "a claim by a supervisor that died before recording its verdict still means never started");
  }

  @Test
  void aClaimByTheAttemptWithItsLockFreeMeansItEnded() throws Exception {
    assertTrue(
        LocalAttempts.createAtomically(LocalAttempts.claimFile(run, 2), "pid 4242\nstart 17\n"));
    Files.createFile(LocalAttempts.lockFile(run, 2));

    Supervisor.LaunchState state = Supervisor.LaunchState.of(run, 2);

    assertEquals(Supervisor.LaunchState.Kind.ENDED, state.kind());
    assertEquals(Optional.of(new ProcessIdentity(4242, 17)), state.process());
  }

  @Test
  void launchSpecsRoundTripAndEqualSpecsEncodeEqually() {
    LaunchSpec spec =
        new LaunchSpec(
            "/jdk/bin/java",
            "/app/a.jar:/app/with space.jar",
            List.of("-Xmx128m", "-Dline=a\\nb"),
            Path.of("/work dir"),
            Map.of("B", "two\nlines", "A", "x=y"),
            Duration.ofMillis(250),
            Duration.ofSeconds(3));
    LaunchSpec same =
        new LaunchSpec(
            "/jdk/bin/java",
            "/app/a.jar:/app/with space.jar",
            List.of("-Xmx128m", "-Dline=a\\nb"),
            Path.of("/work dir"),
            Map.of("A", "x=y", "B", "two\nlines"),
            Duration.ofMillis(250),
            Duration.ofSeconds(3));

    assertEquals(spec, LaunchSpec.decode(spec.encode()));
    assertEquals(spec.encode(), same.encode());
    assertFalse(spec.toString().contains("two"), "the environment is never printed");
  }
}
