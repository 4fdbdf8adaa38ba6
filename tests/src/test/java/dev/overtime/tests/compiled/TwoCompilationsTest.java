package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.overtime.runtime.DuplicateJobException;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.manifest.Manifest;
import dev.overtime.runtime.manifest.ManifestReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two modules with handlers, compiled separately (each gets its own Jobs, registry and manifest),
 * then put on one class path, as two jars of one application would be.
 */
class TwoCompilationsTest {

  private static JavaFileObject handler(String pkg, String className, String job, String result) {
    return JavaFileObjects.forSourceString(
        pkg + "." + className,
        """
        package %1$s;

        import dev.overtime.Job;
        import dev.overtime.JobContext;
        import dev.overtime.JobHandler;

        @JobHandler("%3$s")
        public final class %2$s implements Job<%2$s.Input, String> {
          public record Input(String text) {}

          public String run(Input payload, JobContext context) {
            return "%4$s:" + payload.text();
          }
        }
        """
            .formatted(pkg, className, job, result));
  }

  private static URLClassLoader classPath(Path... directories) throws Exception {
    URL[] urls = new URL[directories.length];
    for (int i = 0; i < directories.length; i++) {
      urls[i] = directories[i].toUri().toURL();
    }
    return new URLClassLoader(urls, TwoCompilationsTest.class.getClassLoader());
  }

  @Test
  void jobsOfBothCompilationsWorkOnOneClassPath(@TempDir Path temp) throws Exception {
    Path alpha =
        CompiledModule.compile(
            temp.resolve("alpha"), handler("com.alpha", "Upper", "upper", "alpha"));
    Path beta =
        CompiledModule.compile(temp.resolve("beta"), handler("com.beta", "Lower", "lower", "beta"));

    try (URLClassLoader loader = classPath(alpha, beta)) {
      JobCatalog catalog = JobCatalog.load(loader);

      assertTrue(catalog.names().containsAll(List.of("lower", "upper")), catalog.names()::toString);
      assertEquals(
          "\"alpha:x\"",
          RegistryRun.run(
              catalog.find("upper").orElseThrow(),
              "{\"text\": \"x\"}",
              new RecordingContext("upper")));
      assertEquals(
          "\"beta:y\"",
          RegistryRun.run(
              catalog.find("lower").orElseThrow(),
              "{\"text\": \"y\"}",
              new RecordingContext("lower")));
      List<String> manifests =
          ManifestReader.fromClassPath(List.of(alpha, beta)).stream()
              .map(Manifest::packageName)
              .toList();
      assertTrue(manifests.containsAll(List.of("com.alpha", "com.beta")), manifests::toString);
    }
  }

  @Test
  void jobNameDefinedInBothCompilationsIsAnErrorNamingBothClasses(@TempDir Path temp)
      throws Exception {
    Path alpha =
        CompiledModule.compile(
            temp.resolve("alpha"), handler("com.alpha", "Report", "report", "alpha"));
    Path beta =
        CompiledModule.compile(
            temp.resolve("beta"), handler("com.beta", "Report", "report", "beta"));

    try (URLClassLoader loader = classPath(alpha, beta)) {
      DuplicateJobException duplicate =
          assertThrows(DuplicateJobException.class, () -> JobCatalog.load(loader));

      assertTrue(
          duplicate
              .getMessage()
              .startsWith("[overtime.duplicate-name] Job 'report' is defined twice"),
          duplicate::getMessage);
      assertTrue(duplicate.getMessage().contains("com.alpha.Report"), duplicate::getMessage);
      assertTrue(duplicate.getMessage().contains("com.beta.Report"), duplicate::getMessage);
    }
  }
}
