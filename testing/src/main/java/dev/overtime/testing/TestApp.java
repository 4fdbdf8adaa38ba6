package dev.overtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The application the tests drive: the real sample app, {@code sample-app/target/sample-app.jar}
 * (jobs {@code factorial} {"num": int} and {@code transcode} {"seconds": int}, which honours
 * cancel), a fat jar with the bootstrap that each run's JVM starts. The reactor builds it before
 * this module.
 */
public final class TestApp {
  private static final Path JAR = repositoryRoot().resolve("sample-app/target/sample-app.jar");

  private TestApp() {}

  /**
   * The checkout this test runs in: the nearest directory above the module that has {@code
   * sample-app/}.
   */
  public static Path repositoryRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("sample-app/pom.xml"))) {
        return d;
      }
    }
    throw new AssertionError("No sample-app/ above " + dir + "; run the tests from the repository");
  }

  /** The jar, for {@code --app}; fails clearly when it has not been built. */
  public static String jar() {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(
          JAR
              + " is missing: the CLI's tests run the sample app. Build it first, as the reactor"
              + " does: mvn -B -ntp -q package -pl processor,sample-app -am -DskipTests");
    }
    return JAR.toString();
  }
}
