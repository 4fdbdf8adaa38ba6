package dev.overtime.engine.slurm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The proof that the runner of a start is alive: it holds an exclusive lock on {@code
 * attempt-N-S.lock} ({@code fcntl} through {@link FileChannel#lock}) for as long as it runs the
 * start, and the operating system (on NFS: the lock manager, when the client's lease ends) releases
 * it when the runner dies. Slurm's own view can be wrong about a job after its controller lost
 * state; a lock that someone else can take cannot.
 */
final class AttemptLock implements AutoCloseable {
  private final FileChannel channel;

  private AttemptLock(FileChannel channel) {
    this.channel = channel;
  }

  /** Takes the lock of a start this runner is about to claim, or null when another holds it. */
  static AttemptLock hold(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        channel.close();
        return null;
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new AttemptLock(channel);
  }

  /**
   * Whether the runner of that start still holds its lock: true or false, or empty when there is no
   * lock file (a claim a reader made for a start that never ran) or it cannot be asked.
   */
  static Optional<Boolean> isHeld(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return Optional.of(true);
      }
      lock.release();
      return Optional.of(false);
    } catch (OverlappingFileLockException e) {
      return Optional.of(true); // held by this very JVM
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
