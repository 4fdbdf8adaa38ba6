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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir Path directory;

  @Test
  void classPathWithADirectoryGetsNoArchive() throws Exception {
    Path jar = Files.writeString(directory.resolve("a.jar"), "x");
    assertNull(ClassDataArchive.key(jar + File.pathSeparator + directory));
    assertEquals(
        ClassDataArchive.Plan.NONE,
        new ClassDataArchive(directory.resolve("cds")).plan(directory.toString(), "R"));
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
