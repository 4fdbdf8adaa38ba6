package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.Engines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmEngineSettingsTest {
  @TempDir Path directory;

  @Test
  void overtimeEngineSlurmFindsThisEngineThroughTheProvider() {
    try (Engine engine =
        Engines.create("slurm", Map.of(SlurmEngine.DIRECTORY_VARIABLE, directory.toString()))) {
      assertEquals("slurm", engine.name());
      assertEquals(directory.toAbsolutePath(), ((SlurmEngine) engine).directory());
    }
  }

  @Test
  void withoutASharedDirectoryTheErrorNamesTheVariable() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> SlurmEngine.builder(Map.of()).build());
    assertTrue(error.getMessage().contains("OVERTIME_SLURM_DIR is not set"), error.getMessage());
  }

  @Test
  void aBinDirectoryWithoutSbatchIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> SlurmEngine.builder(Map.of(SlurmEngine.BIN_VARIABLE, directory.toString())));
    assertTrue(error.getMessage().contains("OVERTIME_SLURM_BIN"), error.getMessage());
  }

  @Test
  void anSbatchOptionMustBeAnOption() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> SlurmEngine.builder(Map.of()).sbatchOptions(List.of("qos=long")));
    assertTrue(error.getMessage().contains("--qos=long"), error.getMessage());
  }

  @Test
  void anUnknownRunIsNotFoundAndAMalformedIdIsNoRun() {
    try (SlurmEngine engine = SlurmEngine.builder(Map.of()).directory(directory).build()) {
      assertTrue(engine.find("01KB6W3V8Z5N7Q2X4Y6A8C0E2G").isEmpty());
      assertTrue(engine.find("../../etc/passwd").isEmpty());
      assertThrows(IllegalArgumentException.class, () -> engine.logFile("../x"));
    }
  }
}
