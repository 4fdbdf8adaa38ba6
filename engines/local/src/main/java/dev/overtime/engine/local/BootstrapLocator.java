package dev.overtime.engine.local;

import dev.overtime.contract.RunContract;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether a class path holds {@code dev.overtime.bootstrap.Main}, looking into directories, jars
 * and the jars named by a jar manifest's {@code Class-Path} (as {@code java -cp} does).
 */
final class BootstrapLocator {
  static final String MAIN_CLASS = RunContract.BOOTSTRAP_MAIN_CLASS;
  private static final String MAIN_RESOURCE = MAIN_CLASS.replace('.', '/') + ".class";

  private BootstrapLocator() {}

  static boolean isOn(String classpath) {
    Set<Path> seen = new HashSet<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank() && contains(Path.of(entry).toAbsolutePath().normalize(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(Path entry, Set<Path> seen) {
    if (!seen.add(entry)) {
      return false;
    }
    if (Files.isDirectory(entry)) {
      return Files.isRegularFile(entry.resolve(MAIN_RESOURCE));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      if (jar.getEntry(MAIN_RESOURCE) != null) {
        return true;
      }
      Manifest manifest = jar.getManifest();
      String referenced =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (referenced != null) {
        for (String reference : referenced.trim().split("\\s+")) {
          Path target =
              reference.startsWith("file:")
                  ? Path.of(java.net.URI.create(reference))
                  : entry.getParent().resolve(reference.replace("%20", " "));
          if (contains(target.toAbsolutePath().normalize(), seen)) {
            return true;
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    return false;
  }
}
