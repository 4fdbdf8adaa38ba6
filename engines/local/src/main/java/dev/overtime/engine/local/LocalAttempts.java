package dev.overtime.engine.local;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.Began;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.OutcomeDocumentException;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How the local engine sees an attempt, in the terms of {@link
 * dev.overtime.contract.AttemptLifecycle}: a stored row plus what is known once its process is gone
 * (its exit code, known only to the JVM that started it, and the files it left in {@code
 * runs/<id>/}) become a {@link RunState} and an {@link AttemptFact}.
 */
final class LocalAttempts {
  private LocalAttempts() {}

  static Path outcomeFile(Path runDirectory, int attempt) {
    return runDirectory.resolve("outcome-" + attempt + ".json");
  }

  static Path beganFile(Path runDirectory, int attempt) {
    return runDirectory.resolve("began-" + attempt + ".json");
  }

  /** The lock the process of launch {@code launch} holds while it lives. */
  static Path lockFile(Path runDirectory, int launch) {
    return runDirectory.resolve("launch-" + launch + ".lock");
  }

  /**
   * The claim of launch {@code launch}: by its process (pid, start) or by a recovering supervisor.
   */
  static Path claimFile(Path runDirectory, int launch) {
    return runDirectory.resolve("launch-" + launch + ".claim");
  }

  /**
   * Creates {@code file} with {@code content} in one step, or returns false if it exists (the same
   * way the bootstrap creates its claim: written beside it, then hard-linked).
   */
  static boolean createAtomically(Path file, String content) throws IOException {
    Path temporary =
        file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temporary, content, java.nio.charset.StandardCharsets.UTF_8);
    try {
      Files.createLink(file, temporary);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      try {
        Files.writeString(
            file,
            content,
            java.nio.charset.StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException exists) {
        return false;
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static RunState state(StoredRun run) {
    return new RunState(run.id(), run.attempt(), run.maxAttempts(), run.failedStarts(), run.stop());
  }

  /**
   * The process of the run's current attempt is gone.
   *
   * @param exitCode its exit code, or null when this JVM did not start it (it vanished)
   */
  static AttemptFact ended(StoredRun run, Path runDirectory, Integer exitCode) {
    RunOutcome outcome = outcome(outcomeFile(runDirectory, run.attempt()));
    Began began = began(run, beganFile(runDirectory, run.attempt()));
    return exitCode == null
        ? new AttemptFact.Vanished(outcome, began)
        : new AttemptFact.Exited(exitCode, outcome, began);
  }

  /** Starting the process failed (no java, no class path, no disk). */
  static AttemptFact notStarted(Exception failure) {
    return new AttemptFact.NeverStarted(
        failure.getMessage() == null ? failure.toString() : failure.getMessage());
  }

  private static RunOutcome outcome(Path file) {
    try {
      return OutcomeDocument.read(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | OutcomeDocumentException e) {
      // Say why: otherwise the run only reads "exited without reporting an outcome".
      System.err.println(
          "[overtime] local engine: cannot read the outcome document "
              + file
              + ": "
              + e.getMessage());
      return null;
    }
  }

  private static Began began(StoredRun run, Path file) {
    if (!run.marksBegan()) {
      return Began.UNKNOWN;
    }
    try {
      return BeganDocument.isOf(Files.readAllBytes(file), run.id(), run.attempt())
          ? Began.YES
          : Began.NO;
    } catch (NoSuchFileException e) {
      return Began.NO;
    } catch (IOException | OutcomeDocumentException e) {
      // Unreadable is not absent: assume the handler may have begun, so it never runs twice.
      System.err.println(
          "[overtime] local engine: cannot read the began document "
              + file
              + ": "
              + e.getMessage());
      return Began.UNKNOWN;
    }
  }
}
