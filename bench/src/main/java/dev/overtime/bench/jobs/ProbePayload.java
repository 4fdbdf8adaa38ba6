package dev.overtime.bench.jobs;

/** Payload of {@code start-probe}: a number it echoes back, so each run is distinguishable. */
public record ProbePayload(int n) {}
