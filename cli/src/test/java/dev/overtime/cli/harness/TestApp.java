package dev.overtime.cli.harness;

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
  private static final Path JAR = Paths.get("..", "sample-app", "target", "sample-app.jar").toAbsolutePath().normalize();

  private TestApp() {}

  /** The jar, for {@code --app}; fails clearly when it has not been built. */
  public static String jar() {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(JAR + " is missing: the CLI's tests run the sample app. Build it first,"
          + " as the reactor does: mvn -B -ntp -q package -pl processor,sample-app -am -DskipTests");
    }
    return JAR.toString();
  }
}
