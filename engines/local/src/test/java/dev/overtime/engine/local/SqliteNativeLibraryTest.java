package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remembered choice of the SQLite library copy, which spares later JVMs sqlite-jdbc's OSInfo.
 */
class SqliteNativeLibraryTest {
  @TempDir Path directory;

  private Path copy(long size) throws Exception {
    Path folder = directory.resolve("sqlite-" + size + "-9ba5218");
    Files.createDirectories(folder);
    return Files.write(folder.resolve("libsqlitejdbc.so"), new byte[(int) size]);
  }

  @Test
  void aRememberedCopyIsFoundByTheSameKeyOnly() throws Exception {
    Path library = copy(1234);
    String key = SqliteNativeLibrary.platformKey();

    SqliteNativeLibrary.remember(directory, key, library);

    assertEquals(Optional.of(library), SqliteNativeLibrary.remembered(directory, key));
    assertEquals(Optional.empty(), SqliteNativeLibrary.remembered(directory, key + " other JDK"));
    try (var files = Files.list(directory)) {
      assertTrue(
          files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")),
          "the temporary file was renamed into place");
    }
  }

  @Test
  void theKeyNamesTheSqliteJdbcVersionAndThePlatform() {
    String key = SqliteNativeLibrary.platformKey();

    assertTrue(key.startsWith("sqlite-jdbc " + org.sqlite.SQLiteJDBCLoader.getVersion()), key);
    assertTrue(key.contains(System.getProperty("os.arch")), key);
    assertTrue(key.endsWith(System.getProperty("java.home")), key);
  }

  @Test
  void aCopyOfAnotherSizeThanItsNameSaysIsNotUsed() throws Exception {
    Path library = copy(1234);
    String key = SqliteNativeLibrary.platformKey();
    SqliteNativeLibrary.remember(directory, key, library);

    Files.write(library, new byte[100]); // cut short

    assertEquals(Optional.empty(), SqliteNativeLibrary.remembered(directory, key));
  }

  @Test
  void aMissingCopyOrABrokenChoiceFileIsNotUsed() throws Exception {
    Path library = copy(1234);
    String key = SqliteNativeLibrary.platformKey();
    SqliteNativeLibrary.remember(directory, key, library);
    Path choice = SqliteNativeLibrary.choiceFile(directory, key);

    Files.writeString(choice, key + "\n../../elsewhere/libsqlitejdbc.so\n", StandardCharsets.UTF_8);
    assertEquals(Optional.empty(), SqliteNativeLibrary.remembered(directory, key), "outside");

    Files.writeString(choice, key + "\n", StandardCharsets.UTF_8);
    assertEquals(Optional.empty(), SqliteNativeLibrary.remembered(directory, key), "cut short");

    SqliteNativeLibrary.remember(directory, key, library);
    Files.delete(library);
    assertEquals(Optional.empty(), SqliteNativeLibrary.remembered(directory, key), "deleted");
  }
}
