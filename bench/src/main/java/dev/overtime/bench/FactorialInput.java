package dev.overtime.bench;

/** The payload of the sample app's {@code factorial} job, as the memory benchmark sends it. */
public record FactorialInput(int num) {}
