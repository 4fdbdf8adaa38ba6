package dev.overtime.tooling.runs;

/**
 * A piece of a run's log, read from a byte offset.
 *
 * @param from the offset the piece starts at
 * @param next the offset to read from next time
 * @param text the text, cut at the last complete line (a final partial line is returned once the
 *     run has ended)
 */
public record LogChunk(long from, long next, String text) {}
