package dev.overtime.engine.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads on a daemon thread what opening a home's run database will need first: the SQLite driver's
 * classes, its native library (the home's copy, {@link SqliteNativeLibrary}) and the date-format
 * tables every sqlite-jdbc connection builds (locale, calendar and time-zone data, tens of
 * milliseconds in a fresh JVM). A short process whose main thread has other work before it opens
 * the store, such as a CLI command building its command line, then finds them ready; on two or more
 * processors that work runs side by side instead of one after the other.
 *
 * <p>Only loading and class initialisation: it opens no database and changes no file. Best effort:
 * a failure here is left for the open itself to meet and report.
 */
final class StorePreload implements Runnable {
  private final Path home;

  private StorePreload(Path home) {
    this.home = home;
  }

  /**
   * Starts loading for a reader of {@code home} (which uses a copy of the native library a writer
   * made, and writes nothing); does nothing when the home has no database.
   */
  static void startForReader(Path home) {
    if (!Files.isRegularFile(home.resolve(RunStore.FILE_NAME))) {
      return;
    }
    // A named class, not a lambda: the first lambda of a JVM costs more than it would save here.
    Thread thread = new Thread(new StorePreload(home), "overtime-store-preload");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    try {
      // The date tables first: they need no native library, and a main thread that comes to the
      // open soon (the CLI's runs and status, parsed without picocli) loads that library itself
      // meanwhile instead of waiting for this thread to have chosen it.
      new org.sqlite.SQLiteConfig();
      SqliteNativeLibrary.useExistingCopyIn(home.resolve(RunStore.NATIVE_DIRECTORY));
      org.sqlite.SQLiteJDBCLoader.initialize();
    } catch (Exception | LinkageError e) {
      // The open meets the same problem and reports it with its context.
    }
  }
}
