package dev.overtime.tests.local.jobs;

/** Payload of {@code local-measure}: any text, possibly megabytes of it. */
public record Blob(String data) {}
