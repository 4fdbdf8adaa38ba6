package dev.overtime.tests.local.jobs;

/** Payload of {@code local-unrecorded}: where it counts its executions, and whether it throws. */
public record Marking(String markerDirectory, boolean fail) {}
