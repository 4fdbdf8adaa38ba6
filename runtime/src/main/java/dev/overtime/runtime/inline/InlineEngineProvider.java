package dev.overtime.runtime.inline;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;

/** {@code OVERTIME_ENGINE=inline}: runs jobs in the calling thread, for tests. */
public final class InlineEngineProvider implements EngineProvider {

  @Override
  public String name() {
    return InlineEngine.NAME;
  }

  @Override
  public Engine create(Map<String, String> environment) {
    return new InlineEngine();
  }
}
