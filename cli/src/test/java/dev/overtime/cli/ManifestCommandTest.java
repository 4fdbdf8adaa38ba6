package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.cli.harness.TestApp;
import dev.overtime.runtime.json.JsonCodec;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCommandTest {
  @TempDir
  Path home;

  @Test
  void printsTheManifestTheApplicationCarries() throws Exception {
    CliResult result = new Cli(home).run("manifest", "--classpath", TestApp.classpath());

    assertEquals(0, result.exitCode(), result::toString);
    JsonNode printed = JsonCodec.shared().mapper().readTree(result.out());
    try (InputStream in = getClass().getResourceAsStream("/META-INF/overtime/dev.overtime.cli.fixture.json")) {
      assertEquals(JsonCodec.shared().mapper().readTree(in), printed);
    }
  }
}
