package dev.overtime.engine.aws;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;

/**
 * Provides the {@code aws} engine ({@code OVERTIME_ENGINE=aws}). The artifact {@code
 * dev.overtime:overtime-engine-aws} brings the SDK modules it needs.
 */
public final class AwsEngineProvider implements EngineProvider {

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Engine create(Map<String, String> environment) {
    return AwsEngine.fromEnvironment(environment);
  }
}
