package dev.overtime.engine.slurm;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;

/**
 * {@code OVERTIME_ENGINE=slurm}: a {@link SlurmEngine} configured from the environment ({@code
 * OVERTIME_SLURM_DIR} and the other variables of docs/slurm.md).
 */
public final class SlurmEngineProvider implements EngineProvider {

  @Override
  public String name() {
    return SlurmEngine.NAME;
  }

  @Override
  public Engine create(Map<String, String> environment) {
    return SlurmEngine.builder(environment).build();
  }
}
