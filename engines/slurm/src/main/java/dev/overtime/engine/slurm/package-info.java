/**
 * The Slurm engine ({@code OVERTIME_ENGINE=slurm}): runs as Slurm batch jobs, records as write-once
 * files on a shared directory, attempts and retries supervised inside the job's allocation by
 * {@link dev.overtime.engine.slurm.AttemptRunner}. See docs/slurm.md.
 */
package dev.overtime.engine.slurm;
