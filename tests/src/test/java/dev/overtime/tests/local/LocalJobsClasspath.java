package dev.overtime.tests.local;

import dev.overtime.tests.local.jobs.Jobs;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The class path for the runs of the {@code local-*} test jobs: this JVM's class path plus
 * {@code src/test/local-jobs}, which lists their hand-written registry in
 * {@code META-INF/services}. The file cannot live in the test resources, because the processor
 * writes this module's generated services file to the same path in {@code target/test-classes}.
 */
final class LocalJobsClasspath {
  private LocalJobsClasspath() {}

  static String get() {
    return servicesDirectory() + File.pathSeparator + System.getProperty("java.class.path");
  }

  static Path servicesDirectory() {
    try {
      Path testClasses = Path.of(Jobs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testClasses.getParent().getParent().resolve("src/test/local-jobs");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
