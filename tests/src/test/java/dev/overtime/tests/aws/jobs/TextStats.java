package dev.overtime.tests.aws.jobs;

/** What {@link Measure} found: the text's length, its run id and attempt. */
public record TextStats(long length, String runId, int attempt) {}
