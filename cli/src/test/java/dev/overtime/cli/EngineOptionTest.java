package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --engine}: which engine's runs the read and cancel commands look at. */
class EngineOptionTest {
  @TempDir Path home;

  @Test
  void anUnknownEngineIsBadInput() {
    CliResult result = new Cli(home).run("runs", "--engine", "kubernetes");
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.err().contains("use local, slurm or aws"), result.err());
  }

  @Test
  void theAwsEngineWithoutItsInvokerSaysWhatToSet() {
    // The build's environment names no invoker function.
    CliResult result = new Cli(home).run("status", "01KB3Q8M1T6Z0V4W8Y2C7N5R9D", "--engine", "aws");
    assertEquals(7, result.exitCode(), result.toString());
    assertTrue(result.err().contains("OVERTIME_INVOKER_FUNCTION"), result.err());
    assertTrue(result.err().contains("InvokerFunctionName"), result.err());
  }

  @Test
  void theLocalEngineIsTheDefaultAndCanBeNamed() {
    CliResult result = new Cli(home).run("runs", "--engine", "local");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().startsWith("No runs"), result.out());
  }
}
