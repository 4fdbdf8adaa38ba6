package dev.overtime.engine.slurm;

import dev.overtime.runtime.OvertimeException;

/** A Slurm command failed; {@link #controllerUnreachable()} says whether trying later may help. */
final class SlurmCommandException extends OvertimeException {
  private static final long serialVersionUID = 1L;

  private final boolean controllerUnreachable;

  SlurmCommandException(String message, boolean controllerUnreachable) {
    super(message);
    this.controllerUnreachable = controllerUnreachable;
  }

  boolean controllerUnreachable() {
    return controllerUnreachable;
  }
}
