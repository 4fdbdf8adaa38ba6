package dev.overtime.tests.slurm.jobs;

/** Payload of {@code slurm-measure}: any text, megabytes of it. */
public record Bulk(String data) {}
