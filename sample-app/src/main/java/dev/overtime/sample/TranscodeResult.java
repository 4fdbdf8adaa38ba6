package dev.overtime.sample;

/** Result of the {@code transcode} job. */
public record TranscodeResult(int seconds, String output) {}
