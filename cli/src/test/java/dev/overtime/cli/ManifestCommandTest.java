package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCommandTest {
  @TempDir Path home;

  @Test
  void printsTheManifestTheApplicationCarries() throws Exception {
    CliResult result = new Cli(home).run("manifest", "--app", TestApp.jar());

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode printed = JsonCodec.shared().readTree(result.out());
    try (JarFile jar = new JarFile(TestApp.jar());
        InputStream in =
            jar.getInputStream(jar.getEntry("META-INF/overtime/dev.overtime.sample.json"))) {
      assertEquals(JsonCodec.shared().readTree(in.readAllBytes()), printed);
    }
  }
}
