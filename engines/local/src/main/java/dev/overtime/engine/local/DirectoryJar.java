package dev.overtime.engine.local;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * A class path directory as a jar, so that class-data sharing can archive its classes (the JVM
 * refuses directories). The jar is named by the directory's absolute path and every file's relative
 * path, size and modification time, built once into a temporary file and renamed into place (so
 * concurrent first uses are safe), and reused while the directory is unchanged.
 *
 * <p>What a job sees differs in one way: a resource of that directory has a {@code jar:} URL
 * instead of a {@code file:} one. A directory's {@code META-INF/MANIFEST.MF} and signature files
 * are left out, because the JVM ignores them in a directory but would apply them to a jar.
 */
final class DirectoryJar {
  private DirectoryJar() {}

  /**
   * {@code classpath} with every non-empty directory replaced by its jar under {@code jars} and
   * entries that do not exist left out; null when an entry is something else (a file not named
   * {@code .jar}), or a jar cannot be made.
   */
  static String withJars(String classpath, Path jars) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        entries.add(entry);
      } else if (Files.isDirectory(path)) {
        try {
          Path jar = jarOf(path, jars);
          if (jar != null) {
            entries.add(jar.toString());
          }
        } catch (IOException | RuntimeException e) {
          return null;
        }
      } else if (!Files.exists(path)) {
        // The JVM skips an entry that does not exist (a module without main classes has no
        // target/classes); leaving it out loads the same classes and keeps the key stable.
        continue;
      } else {
        return null;
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The jar of {@code directory}, made if needed; null for an empty directory (nothing to add). */
  static Path jarOf(Path directory, Path jars) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(Files::isRegularFile).filter(f -> !excluded(directory, f)).sorted().toList();
    }
    if (files.isEmpty()) {
      return null;
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(digest, directory.toString());
    for (Path file : files) {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      update(digest, entryName(directory, file));
      update(digest, Long.toString(attributes.size()));
      update(digest, Long.toString(attributes.lastModifiedTime().toMillis()));
    }
    String name = directory.getFileName() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 12);
    Path jar = jars.resolve(name + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(jars);
    Path temporary = Files.createTempFile(jars, name + ".", ".tmp");
    try {
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temporary))) {
        out.setLevel(Deflater.BEST_SPEED);
        for (Path file : files) {
          JarEntry entry = new JarEntry(entryName(directory, file));
          entry.setTime(Files.getLastModifiedTime(file).toMillis());
          out.putNextEntry(entry);
          Files.copy(file, new Unclosed(out));
          out.closeEntry();
        }
      }
      try {
        Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    return jar;
  }

  private static boolean excluded(Path directory, Path file) {
    String name = entryName(directory, file).toUpperCase(Locale.ROOT);
    if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    return name.equals("META-INF/MANIFEST.MF")
        || name.endsWith(".SF")
        || name.endsWith(".RSA")
        || name.endsWith(".DSA")
        || name.endsWith(".EC");
  }

  private static String entryName(Path directory, Path file) {
    return directory.relativize(file).toString().replace(File.separatorChar, '/');
  }

  private static void update(MessageDigest digest, String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  /** The jar stream, which {@link Files#copy(Path, OutputStream)} must not close. */
  private static final class Unclosed extends java.io.FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
