package dev.overtime.sample;

/** Payload of the {@code transcode} job: how many seconds of work to simulate. */
public record TranscodePayload(int seconds) {}
