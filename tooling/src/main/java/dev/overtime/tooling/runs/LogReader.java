package dev.overtime.tooling.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a run's log file from an offset while the run may still be writing it. Used by {@code
 * overtime logs -f}, {@code run --wait} and the console's log view.
 */
public final class LogReader {
  private LogReader() {}

  /**
   * Up to {@code maxBytes} of the log from {@code from}. Unless {@code finished}, a trailing
   * partial line is left for the next read so that lines are never split.
   */
  public static LogChunk read(Path file, long from, int maxBytes, boolean finished) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (from >= size) {
        return new LogChunk(from, Math.min(from, size), "");
      }
      int length = (int) Math.min(maxBytes, size - from);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
        // read until full or end of file
      }
      byte[] bytes = buffer.array();
      int end = buffer.position();
      boolean reachedEnd = from + end >= size;
      if (!(finished && reachedEnd)) {
        int lastNewline = lastNewline(bytes, end);
        // A line longer than maxBytes is passed on in pieces rather than never.
        if (lastNewline >= 0) {
          end = lastNewline + 1;
        } else if (reachedEnd) {
          end = 0;
        }
      }
      return new LogChunk(from, from + end, new String(bytes, 0, end, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return new LogChunk(from, from, "");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read log " + file + ": " + e.getMessage(), e);
    }
  }

  private static int lastNewline(byte[] bytes, int end) {
    for (int i = end - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
