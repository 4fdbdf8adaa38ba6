package dev.overtime.cli.harness;

/**
 * The application the tests drive: the fixture jobs {@code factorial} ({"num": int}) and
 * {@code transcode} ({"seconds": int}, honours cancel) in dev.overtime.cli.fixture, on this JVM's
 * test class path, which also holds the runtime and the bootstrap that each run's JVM starts.
 */
public final class TestApp {
  private TestApp() {}

  /** The application's class path, for {@code --classpath}. */
  public static String classpath() {
    return System.getProperty("java.class.path");
  }
}
