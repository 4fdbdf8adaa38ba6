package dev.overtime.bench.jobs;

/** Payload of {@code hold}: nothing to say. */
public record HoldPayload(String reason) {}
