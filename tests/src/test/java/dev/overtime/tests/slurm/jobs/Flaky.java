package dev.overtime.tests.slurm.jobs;

/** Payload of {@code slurm-flaky}: the attempt from which it succeeds (0 = never). */
public record Flaky(int succeedOnAttempt) {}
