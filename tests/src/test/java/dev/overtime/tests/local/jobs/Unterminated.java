package dev.overtime.tests.local.jobs;

/**
 * Payload of {@code local-unterminated}: the text it prints without a newline, the attempt from
 * which it succeeds, and how long it sleeps first (0 for not at all).
 */
public record Unterminated(String text, int succeedOnAttempt, long sleepMillis) {}
