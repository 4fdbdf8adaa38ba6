package dev.overtime.engine.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Lets sqlite-jdbc load its native library from a copy kept under the home instead of extracting it
 * again in every JVM: sqlite-jdbc writes the 1 MB library to a new temporary file on each start
 * (and scans the temporary directory for stale ones), which is a noticeable part of a short process
 * such as a CLI command or an application's first {@code run()}. The copy is named by the library's
 * size and CRC in the sqlite-jdbc jar, written once to a temporary file and renamed into place (so
 * concurrent first uses are safe), and used through sqlite-jdbc's own {@code org.sqlite.lib.path}
 * and {@code org.sqlite.lib.name} properties. When those are already set, or anything goes wrong,
 * nothing changes and sqlite-jdbc extracts the library as usual.
 *
 * <p>Finding which library of the jar fits this machine is itself costly: sqlite-jdbc's {@code
 * OSInfo} starts a process ({@code uname -o}, to tell Termux apart) and lists {@code
 * /proc/self/map_files} (to tell musl apart). So the choice is remembered beside the copies, in a
 * small file per sqlite-jdbc version and platform ({@code os.name}, {@code os.arch}, {@code
 * java.home}), and later JVMs go straight to the copy. Should a remembered copy not load after all,
 * sqlite-jdbc falls back to extracting the library itself.
 */
final class SqliteNativeLibrary {
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private static volatile boolean done;

  private SqliteNativeLibrary() {}

  /**
   * Points sqlite-jdbc at a copy of its library under {@code directory}, making it (and the
   * remembered choice) if needed: for a process that writes the home.
   */
  static synchronized void useCopyIn(Path directory) {
    use(directory, true);
  }

  /**
   * Points sqlite-jdbc at a copy of its library that a writer of the home made under {@code
   * directory}, if there is one; writes nothing: for a process that only reads the home.
   */
  static synchronized void useExistingCopyIn(Path directory) {
    use(directory, false);
  }

  private static void use(Path directory, boolean write) {
    if (done
        || System.getProperty(PATH_PROPERTY) != null
        || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    try {
      String key = platformKey();
      Optional<Path> remembered = remembered(directory, key);
      if (remembered.isEmpty()) {
        remembered = find(directory, write);
        if (remembered.isPresent() && write) {
          remember(directory, key, remembered.get());
        }
      }
      if (remembered.isPresent()) {
        Path library = remembered.get();
        System.setProperty(PATH_PROPERTY, library.getParent().toString());
        System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        done = true;
      } else if (write) {
        done = true; // nothing to copy here: sqlite-jdbc extracts as usual, and is not asked again
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // sqlite-jdbc extracts its library as it always does.
      done = write;
    }
  }

  /**
   * What decides which library of which sqlite-jdbc fits: its version and the platform. Another
   * sqlite-jdbc version, JDK or architecture sharing the home has its own remembered choice.
   */
  static String platformKey() {
    return "sqlite-jdbc "
        + org.sqlite.SQLiteJDBCLoader.getVersion()
        + "; "
        + System.getProperty("os.name")
        + "; "
        + System.getProperty("os.arch")
        + "; "
        + System.getProperty("java.home");
  }

  /** The file remembering the choice for {@code key}, named by the key's CRC. */
  static Path choiceFile(Path directory, String key) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return directory.resolve("choice-" + Long.toHexString(crc.getValue()) + ".txt");
  }

  /**
   * The copy remembered for {@code key}: its file holds the key and the copy's path relative to
   * {@code directory}, and the copy must exist with the size its folder's name says.
   */
  static Optional<Path> remembered(Path directory, String key) {
    Path file = choiceFile(directory, key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() != 2 || !lines.get(0).equals(key)) {
        return Optional.empty();
      }
      Path library = directory.resolve(lines.get(1)).normalize();
      Path folder = library.getParent();
      if (folder == null || !folder.getParent().equals(directory.normalize())) {
        return Optional.empty();
      }
      String[] name = folder.getFileName().toString().split("-");
      if (name.length != 3
          || !name[0].equals("sqlite")
          || !Files.isRegularFile(library)
          || Files.size(library) != Long.parseLong(name[1])) {
        return Optional.empty();
      }
      return Optional.of(library);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Remembers the copy for {@code key}, written to a temporary file and renamed into place. */
  static void remember(Path directory, String key, Path library) throws IOException {
    Path file = choiceFile(directory, key);
    String relative = directory.normalize().relativize(library.normalize()).toString();
    Path temporary = Files.createTempFile(directory, "choice-", ".tmp");
    try {
      Files.writeString(temporary, key + "\n" + relative + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The copy of the library the jar holds for this platform, made first if {@code write}. */
  private static Optional<Path> find(Path directory, boolean write) throws IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    if (name.endsWith(".jnilib")) {
      name = name.replace(".jnilib", ".dylib");
    }
    String resource =
        "org/sqlite/native/"
            + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS()
            + "/"
            + name;
    URL url = org.sqlite.SQLiteJDBCLoader.class.getClassLoader().getResource(resource);
    if (url == null) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return Optional.empty();
    }
    JarEntry entry = jar.getJarEntry();
    if (entry.getSize() <= 0 || entry.getCrc() < 0) {
      return Optional.empty();
    }
    Path folder =
        directory.resolve("sqlite-" + entry.getSize() + "-" + Long.toHexString(entry.getCrc()));
    Path library = folder.resolve(name);
    if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) {
      if (!write) {
        return Optional.empty();
      }
      copy(url, entry, folder, library);
    }
    return Optional.of(library);
  }

  private static void copy(URL url, JarEntry entry, Path folder, Path library) throws IOException {
    Files.createDirectories(folder);
    Path temporary = Files.createTempFile(folder, "library-", ".tmp");
    try {
      CRC32 crc = new CRC32();
      try (InputStream in = url.openStream();
          OutputStream out = Files.newOutputStream(temporary)) {
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = in.read(buffer)) > 0; ) {
          crc.update(buffer, 0, read);
          out.write(buffer, 0, read);
        }
      }
      if (crc.getValue() != entry.getCrc()) {
        throw new IOException("the copy of " + url + " does not match its CRC");
      }
      try {
        Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, library, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
