package dev.overtime.tests.local.jobs;

/**
 * Payload of {@code local-fail}: the attempt from which the job succeeds (0 = never), and whether
 * it fails with {@link dev.overtime.NonRetryableException}.
 */
public record Failure(String reason, int succeedOnAttempt, boolean nonRetryable) {}
