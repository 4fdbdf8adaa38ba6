package dev.overtime.sample;

/**
 * Payload of the {@code factorial} job: the number whose factorial to compute, from 0 to 100,000.
 */
public record FactorialPayload(int num) {}
