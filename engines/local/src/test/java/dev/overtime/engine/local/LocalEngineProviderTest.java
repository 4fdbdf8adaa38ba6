package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.RunIds;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineProviderTest {
  @TempDir Path directory;

  @Test
  void localEngineIsConfiguredFromTheEnvironment() {
    try (Engine engine =
        Engines.create(
            "local",
            Map.of("OVERTIME_HOME", directory.toString(), "OVERTIME_LOCAL_CONCURRENCY", "3"))) {
      LocalEngine local = (LocalEngine) engine;
      assertEquals(directory.toAbsolutePath(), local.home());
      assertEquals(3, local.concurrency());
      assertTrue(Files.exists(directory.resolve("runs.db")));
    }
  }

  @Test
  void badConcurrencyIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Engines.create(
                    "local",
                    Map.of(
                        "OVERTIME_HOME",
                        directory.toString(),
                        "OVERTIME_LOCAL_CONCURRENCY",
                        "many")));
    assertTrue(e.getMessage().contains("OVERTIME_LOCAL_CONCURRENCY"), e.getMessage());
  }

  @Test
  void homeThatIsNotADirectoryMakesTheEngineUnavailableWithAClearMessage() throws Exception {
    Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
    EngineUnavailableException e =
        assertThrows(
            EngineUnavailableException.class,
            () -> Engines.create("local", Map.of("OVERTIME_HOME", file.toString())));
    assertTrue(e.getMessage().contains("OVERTIME_HOME"), e.getMessage());
  }

  @Test
  void logFileRefusesSomethingThatIsNotARunId() {
    try (LocalEngine engine = LocalEngine.builder().home(directory).console(null).build()) {
      assertThrows(IllegalArgumentException.class, () -> engine.logFile("../../etc/passwd"));
      assertThrows(IllegalArgumentException.class, () -> engine.logFile("01ABC"));
      String id = new RunIds().next();
      assertEquals(
          directory.resolve("runs/" + id + "/run.log").toAbsolutePath(), engine.logFile(id));
    }
  }
}
