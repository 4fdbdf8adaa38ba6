package dev.overtime.engine.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 */
final class SqliteNativeLibrary {
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private static volatile boolean done;

  private SqliteNativeLibrary() {}

  /** Points sqlite-jdbc at a copy of its library under {@code directory}, making it if needed. */
  static synchronized void useCopyIn(Path directory) {
    if (done
        || System.getProperty(PATH_PROPERTY) != null
        || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    done = true;
    try {
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
        return;
      }
      URLConnection connection = url.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return;
      }
      JarEntry entry = jar.getJarEntry();
      if (entry.getSize() <= 0 || entry.getCrc() < 0) {
        return;
      }
      Path folder =
          directory.resolve("sqlite-" + entry.getSize() + "-" + Long.toHexString(entry.getCrc()));
      Path library = folder.resolve(name);
      if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) {
        copy(url, entry, folder, library);
      }
      System.setProperty(PATH_PROPERTY, folder.toString());
      System.setProperty(NAME_PROPERTY, name);
    } catch (IOException | RuntimeException | LinkageError e) {
      // sqlite-jdbc extracts its library as it always does.
    }
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
