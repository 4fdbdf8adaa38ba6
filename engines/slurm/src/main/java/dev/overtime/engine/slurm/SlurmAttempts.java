package dev.overtime.engine.slurm;

import dev.overtime.contract.AttemptFact;
import dev.overtime.contract.Began;
import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.OutcomeDocumentException;
import dev.overtime.contract.RunOutcome;
import dev.overtime.contract.RunState;
import dev.overtime.contract.StopRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How the Slurm engine sees an attempt, in the terms of {@link
 * dev.overtime.contract.AttemptLifecycle}: the files of one {@link Slot} in the run directory plus
 * what the attempt runner saw of its child process (its exit code) become a {@link RunState} and an
 * {@link AttemptFact}. The attempt runner and a submitter that finds a dead allocation both build
 * them here, so they decide alike.
 */
final class SlurmAttempts {
  private SlurmAttempts() {}

  /** The run's state at {@code slot}: a cancel or a timeout recorded for it is its stop. */
  static RunState state(RunSpec spec, RunFiles files, Slot slot) {
    StopRequest stop =
        files.cancel().isPresent()
            ? StopRequest.CANCEL
            : files.timedOut(slot) ? StopRequest.TIMEOUT : StopRequest.NONE;
    return new RunState(spec.id(), slot.attempt(), spec.maxAttempts(), files.failedStarts(), stop);
  }

  /** The child process of {@code slot} exited with {@code exitCode}. */
  static AttemptFact exited(RunSpec spec, RunFiles files, Slot slot, int exitCode) {
    return new AttemptFact.Exited(
        exitCode, outcome(files.outcomeFile(slot)), began(spec, files.beganFile(slot), slot));
  }

  /**
   * The process of {@code slot} is gone and nobody saw it end: its allocation was killed (node
   * failure, time limit, preemption) and Slurm requeued the job or ended it.
   */
  static AttemptFact vanished(RunSpec spec, RunFiles files, Slot slot) {
    RunOutcome outcome = outcome(files.outcomeFile(slot));
    Began began = began(spec, files.beganFile(slot), slot);
    if (outcome != null
        && outcome.status() == dev.overtime.contract.Ending.CANCELLED
        && files.cancel().isEmpty()) {
      // SIGTERM that no cancel asked for (Slurm's time limit, a requeue, a node shutdown): the
      // bootstrap reports it as a cancel, but the attempt was lost, not cancelled.
      outcome = null;
    }
    return outcome != null && outcome.isOf(spec.id(), slot.attempt())
        ? new AttemptFact.Reported(outcome)
        : new AttemptFact.Vanished(outcome, began);
  }

  /** Starting the child process (or the Slurm job) failed before anything ran. */
  static AttemptFact neverStarted(String reason) {
    return new AttemptFact.NeverStarted(reason);
  }

  private static RunOutcome outcome(Path file) {
    try {
      return OutcomeDocument.read(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | OutcomeDocumentException e) {
      System.err.println(
          "[overtime] slurm engine: cannot read the outcome document " + file + ": " + e);
      return null;
    }
  }

  private static Began began(RunSpec spec, Path file, Slot slot) {
    try {
      return BeganDocument.isOf(Files.readAllBytes(file), spec.id(), slot.attempt())
          ? Began.YES
          : Began.NO;
    } catch (NoSuchFileException e) {
      return Began.NO;
    } catch (IOException | OutcomeDocumentException e) {
      // Unreadable is not absent: assume the handler may have begun, so it never runs twice.
      System.err.println(
          "[overtime] slurm engine: cannot read the began document " + file + ": " + e);
      return Began.UNKNOWN;
    }
  }
}
