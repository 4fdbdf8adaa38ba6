package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code @JobHandler(concurrency = N)}: checked, and carried into {@code Jobs} and the manifest.
 */
class ConcurrencyDiagnosticsTest {

  private static JavaFileObject handlerWith(String attribute) {
    return Sources.handler("Sized", "@JobHandler(value = \"sized\",\n    " + attribute + ")");
  }

  @ParameterizedTest
  @CsvSource({"0", "-3", "1001"})
  void concurrencyOutsideTheRangeIsAnErrorOnTheValue(int concurrency) {
    JavaFileObject handler = handlerWith("concurrency = " + concurrency);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.concurrency-invalid] concurrency = "
                + concurrency
                + " is outside the accepted range 1..1000. Give the most runs of this job that may"
                + " run at once, from 1 to 1000, or leave concurrency out for no per-job limit.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "concurrency ="));
  }

  @Test
  void declaredConcurrencyReachesTheDescriptorAndTheManifest() {
    JavaFileObject handler = handlerWith("concurrency = 3");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.example.Jobs")
        .contentsAsUtf8String()
        .contains(".withConcurrency(3)");
    String manifest = manifest(compilation).replaceAll("\\s", "");
    assertTrue(manifest.contains("\"concurrency\":3"), manifest);
  }

  @Test
  void withoutConcurrencyTheManifestHasNoLimit() {
    JavaFileObject handler = handlerWith("retries = 1");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation).succeededWithoutWarnings();
    assertFalse(manifest(compilation).contains("concurrency"));
  }

  private static String manifest(Compilation compilation) {
    return Sources.content(
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/overtime/com.example.json")
            .orElseThrow());
  }
}
