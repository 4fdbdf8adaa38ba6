package dev.overtime.tests.local.jobs;

/**
 * Payload of {@code local-progress}: how many steps, how long each takes, the attempt that fails
 * after reporting 90% (0: none), and a file a retry waits for before it reports anything.
 */
public record Stages(int steps, long stepMillis, int failAttempt, String releaseFile) {}
