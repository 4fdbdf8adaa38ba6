package dev.overtime.tests.local.jobs;

/**
 * Payload of {@code local-sleep}: how long to work, the directory where the run leaves its marker
 * file (pid, start and end times), and whether it also starts a child process ({@code sleep}).
 */
public record Nap(long millis, String markerDirectory, boolean spawnChild) {}
