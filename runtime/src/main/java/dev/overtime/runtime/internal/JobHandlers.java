package dev.overtime.runtime.internal;

import dev.overtime.Job;

/**
 * Constructs the handler of a job by name. A generated {@code JobsRegistry} implements it as one
 * {@code switch} over the job names of its compilation, with {@code new}: no reflection, no lambda
 * per job.
 */
public interface JobHandlers {

  /**
   * A new handler of job {@code job}.
   *
   * @throws IllegalArgumentException if this compilation has no job of that name
   */
  Job<?, ?> newHandler(String job);
}
