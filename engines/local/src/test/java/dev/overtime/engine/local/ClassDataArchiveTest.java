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
import java.util.List;
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

  @Test
  void publishingKeepsTheNewestFewArchivesOfTheApplicationAndNoneOfOthersIsTouched()
      throws Exception {
    Path cds = directory.resolve("cds");
    ClassDataArchive archive = new ClassDataArchive(cds);
    Path other = Files.writeString(directory.resolve("other.jar"), "o");
    publish(archive, other, 0);
    Path jar = directory.resolve("app.jar");
    int builds = ClassDataArchive.KEEP + 3;
    for (int build = 1; build <= builds; build++) {
      Files.writeString(jar, "build " + build);
      publish(archive, jar, build);
    }

    String application = ClassDataArchive.application(jar.toString());
    List<Path> kept = archives(cds, application);
    assertEquals(ClassDataArchive.KEEP, kept.size(), kept.toString());
    Files.writeString(jar, "build " + builds);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.EPOCH.plusSeconds(builds)));
    assertTrue(
        kept.contains(
            cds.resolve(application + "-" + ClassDataArchive.key(jar.toString()) + ".jsa")),
        "the newest build is kept: " + kept);
    assertEquals(
        1, archives(cds, ClassDataArchive.application(other.toString())).size(), "other app");
  }

  @Test
  void archivesNamedBeforeGroupingAreDeletedOnPublishing() throws Exception {
    Path cds = Files.createDirectories(directory.resolve("cds"));
    Path legacy = Files.writeString(cds.resolve("0123456789abcdef01234567.jsa"), "old");
    Path jar = Files.writeString(directory.resolve("app.jar"), "x");

    publish(new ClassDataArchive(cds), jar, 1);

    assertTrue(Files.notExists(legacy));
    assertEquals(1, archives(cds, ClassDataArchive.application(jar.toString())).size());
  }

  // A build of `jar` at second `build` (its time makes each build's key distinct and ordered).
  private static void publish(ClassDataArchive archive, Path jar, int build) throws Exception {
    Files.setLastModifiedTime(jar, FileTime.from(Instant.EPOCH.plusSeconds(build)));
    ClassDataArchive.Plan plan = archive.plan(jar.toString(), "R" + build);
    assertNotNull(plan.dump(), plan.toString());
    Files.writeString(plan.dump().temporary(), "archive of build " + build);
    archive.finish(plan.dump());
    Files.setLastModifiedTime(
        plan.dump().archive(),
        FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(build)));
  }

  private static List<Path> archives(Path cds, String application) throws Exception {
    try (Stream<Path> files = Files.list(cds)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(application + "-"))
          .filter(file -> file.toString().endsWith(".jsa"))
          .toList();
    }
  }
}
