package dev.overtime.tests.local.jobs;

/** Payload of {@code local-greet}. */
public record Greeting(String name, int times) {}
