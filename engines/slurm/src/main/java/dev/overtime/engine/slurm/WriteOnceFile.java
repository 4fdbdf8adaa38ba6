package dev.overtime.engine.slurm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Files that are created once, complete, by exactly one of several racing writers: the bytes go to
 * a temporary file in the same directory, are flushed to disk, and are then published with a hard
 * link ({@code link(2)}) to the target name. {@code link} fails when the name exists, atomically,
 * on local file systems and on NFS (it is the operation NFS's own lock files rely on, unlike {@code
 * O_EXCL} on old clients; a link made by the server whose answer was lost is recognised by the
 * temporary file's link count), so the first writer wins, the others learn that they lost, and no
 * reader ever sees half a file. A writer killed at any point leaves either nothing or the whole
 * file (plus a stray temporary file, which nothing reads).
 */
final class WriteOnceFile {
  private WriteOnceFile() {}

  /**
   * Creates {@code target} holding {@code bytes}, unless it exists.
   *
   * @return true if this call created it, false if it existed already
   */
  static boolean create(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(target, temporary);
      } catch (FileAlreadyExistsException e) {
        if (!linkedByUs(temporary)) {
          return false;
        }
      }
      forceDirectory(directory);
      return true;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Whether our temporary file has gained a second name although {@code link} said the target
   * existed: on NFS the server may have made the link and lost its answer, and the client's retry
   * then fails. The link count tells (the method of {@code open(2)}'s manual for NFS lock files).
   */
  private static boolean linkedByUs(Path temporary) {
    try {
      Object links = Files.getAttribute(temporary, "unix:nlink");
      return links instanceof Integer count && count >= 2;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The file's bytes, or empty when it does not exist. */
  static Optional<byte[]> read(Path file) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Makes the new directory entry durable too (a crash right after must not lose the name). */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened; the link itself is already atomic.
    }
  }
}
