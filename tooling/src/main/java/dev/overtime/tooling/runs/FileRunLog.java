package dev.overtime.tooling.runs;

import java.nio.file.Path;

/** A run's log file under the local home or the Slurm directory, read from where it was left. */
public final class FileRunLog implements RunLog {
  private static final int CHUNK = 256 * 1024;

  private final Path file;
  private long offset;

  public FileRunLog(Path file) {
    this.file = file;
  }

  @Override
  public String next(boolean ended) {
    LogChunk chunk = LogReader.read(file, offset, CHUNK, ended);
    offset = chunk.next();
    return chunk.text();
  }
}
