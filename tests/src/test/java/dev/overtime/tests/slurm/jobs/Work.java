package dev.overtime.tests.slurm.jobs;

/**
 * Payload of {@code slurm-work}: how long to work, and the directory where each attempt leaves
 * {@code <runId>-<attempt>.pid} (its process id), written before it starts working.
 */
public record Work(long millis, String markerDirectory) {}
