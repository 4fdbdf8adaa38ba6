package dev.overtime.bootstrap;

import dev.overtime.contract.RunContract;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * The attempt's own proof of life (docs/run-contract.md): first an exclusive lock on {@code
 * OVERTIME_ATTEMPT_LOCK}, held until this process ends, then the claim {@code
 * OVERTIME_ATTEMPT_CLAIM}, created atomically. An engine that recovers from a crash reads the pair:
 * claim absent (it creates one itself) means this launch never started and never will; claim
 * present and lock held means alive; claim present and lock free means ended.
 */
final class AttemptClaim {
  /** Held for the life of the process: closing the channel would release the lock. */
  private static FileChannel held;

  private AttemptClaim() {}

  /** What {@link #take} found. */
  enum Result {
    /** No claim files in the contract (a container, a run started by hand): nothing to do. */
    NOT_ASKED,
    /** This process holds the lock and wrote the claim. */
    CLAIMED,
    /** The claim existed: someone else settled this launch; run nothing. */
    SUPERSEDED
  }

  static Result take(Map<String, String> env) throws IOException {
    String lockText = env.get(RunContract.ATTEMPT_LOCK);
    String claimText = env.get(RunContract.ATTEMPT_CLAIM);
    if (lockText == null || lockText.isBlank() || claimText == null || claimText.isBlank()) {
      return Result.NOT_ASKED;
    }
    Path lock = Path.of(lockText);
    Path claim = Path.of(claimText);
    FileChannel channel =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      // Blocks only while an engine checks the lock (a moment); never released until exit.
      FileLock unused = channel.lock();
      ProcessHandle self = ProcessHandle.current();
      long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
      if (!createAtomically(claim, "pid " + self.pid() + "\nstart " + start + "\n")) {
        channel.close();
        return Result.SUPERSEDED;
      }
      held = channel;
      return Result.CLAIMED;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Creates {@code file} with {@code content} in one step, or returns false if it exists: written
   * beside it first and then hard-linked, so a reader never sees it half written.
   */
  static boolean createAtomically(Path file, String content) throws IOException {
    Path temporary =
        file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    try {
      Files.createLink(file, temporary);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      try {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Whether this process holds an attempt lock (for tests). */
  static boolean holding() {
    return held != null && held.isOpen();
  }
}
