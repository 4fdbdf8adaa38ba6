package dev.overtime.tests.aws.jobs;

/** A payload of text. */
public record Text(String text) {}
