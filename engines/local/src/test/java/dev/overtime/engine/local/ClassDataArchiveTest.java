package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir Path directory;

  @Test
  void aDirectoryOnTheClassPathIsArchivedThroughAJarOfItsFiles() throws Exception {
    Path jar = Files.writeString(directory.resolve("a.jar"), "x");
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Files.createDirectories(classes.resolve("p"));
    Files.writeString(classes.resolve("p/A.class"), "class bytes");
    Files.createDirectories(classes.resolve("META-INF"));
    Files.writeString(classes.resolve("META-INF/MANIFEST.MF"), "Class-Path: other.jar\n");
    assertNull(ClassDataArchive.key(jar + File.pathSeparator + classes), "only jars have a key");

    ClassDataArchive.Plan plan =
        new ClassDataArchive(directory.resolve("cds"))
            .plan(jar + File.pathSeparator + classes, "R");

    assertTrue(plan.options().get(0).startsWith("-XX:ArchiveClassesAtExit="), plan.toString());
    String[] entries = plan.classpath().split(File.pathSeparator);
    assertEquals(jar.toString(), entries[0]);
    Path classesJar = Path.of(entries[1]);
    assertEquals(directory.resolve("cds").resolve("dirs"), classesJar.getParent());
    try (java.util.jar.JarFile opened = new java.util.jar.JarFile(classesJar.toFile())) {
      assertEquals(
          "class bytes",
          new String(opened.getInputStream(opened.getEntry("p/A.class")).readAllBytes()));
      assertNull(opened.getEntry("META-INF/MANIFEST.MF"), "the JVM ignores a directory's manifest");
    }
  }

  @Test
  void aRecompiledDirectoryGetsANewJarAndAnUnchangedOneKeepsItsJar() throws Exception {
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Path file = Files.writeString(classes.resolve("A.class"), "one");
    Path jars = directory.resolve("dirs");
    Path first = DirectoryJar.jarOf(classes, jars);
    assertEquals(first, DirectoryJar.jarOf(classes, jars));

    Files.writeString(file, "two, longer");
    Path second = DirectoryJar.jarOf(classes, jars);

    assertNotEquals(first, second);
    try (Stream<Path> left = Files.list(jars)) {
      assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
    }
  }

  @Test
  void aMissingEntryIsLeftOutAndAPlainFileGetsNoArchive() throws Exception {
    Path jar = Files.writeString(directory.resolve("a.jar"), "x");
    ClassDataArchive archive = new ClassDataArchive(directory.resolve("cds"));
    ClassDataArchive.Plan plan =
        archive.plan(jar + File.pathSeparator + directory.resolve("missing"), "R");
    assertEquals(jar.toString(), plan.classpath());
    Path notAJar = Files.writeString(directory.resolve("classes.zip"), "x");
    assertEquals(ClassDataArchive.Plan.NONE, archive.plan(notAJar.toString(), "R"));
  }

  @Test
  void rebuiltJarGetsANewKey() throws Exception {
    Path jar = Files.writeString(directory.resolve("a.jar"), "x");
    String before = ClassDataArchive.key(jar.toString());
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertNotNull(before);
    assertNotEquals(before, ClassDataArchive.key(jar.toString()));
  }

  @Test
  void oneRunDumpsAtATimeAndOthersUseThePublishedArchive() throws Exception {
    Path jar = Files.writeString(directory.resolve("a.jar"), "x");
    ClassDataArchive archive = new ClassDataArchive(directory.resolve("cds"));
    ClassDataArchive.Plan first = archive.plan(jar.toString(), "R1");
    assertTrue(first.options().get(0).startsWith("-XX:ArchiveClassesAtExit="), first.toString());
    assertEquals(
        ClassDataArchive.Plan.NONE, archive.plan(jar.toString(), "R2"), "a second dump at once");

    Files.writeString(first.dump().temporary(), "archive");
    archive.finish(first.dump());

    ClassDataArchive.Plan later = archive.plan(jar.toString(), "R3");
    assertEquals("-XX:SharedArchiveFile=" + first.dump().archive(), later.options().get(0));
  }
}
