package dev.overtime.engine.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The home, run directories and logs are readable by their owner only: payloads, results and logs
 * may hold anything. The modes are set when a file is created and tightened when it already exists
 * with a wider one (a home made by {@code mkdir} under a umask of 022, a home of an older
 * Overtime), so that how a file came to be never decides who may read it. On file systems without
 * POSIX permissions nothing is changed.
 */
final class PrivateFiles {
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code directory} (and missing parents) or tightens it: mode 0700. */
  static void directory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
    }
    restrict(directory, DIRECTORY);
  }

  /** Creates {@code file} empty, or tightens it when it exists: mode 0600. */
  static void file(Path file) throws IOException {
    if (!posix(file)) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      return;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException e) {
      // Kept as it is, but not wider than 0600.
    }
    restrict(file, FILE);
  }

  private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix(path) && !Files.getPosixFilePermissions(path).equals(mode)) {
      Files.setPosixFilePermissions(path, mode);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
