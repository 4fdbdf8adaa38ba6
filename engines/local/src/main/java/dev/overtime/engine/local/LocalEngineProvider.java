package dev.overtime.engine.local;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;

/**
 * {@code OVERTIME_ENGINE=local} (the default): a {@link LocalEngine} configured from the
 * environment.
 */
public final class LocalEngineProvider implements EngineProvider {

  @Override
  public String name() {
    return LocalEngine.NAME;
  }

  @Override
  public Engine create(Map<String, String> environment) {
    return LocalEngine.builder(environment).build();
  }
}
