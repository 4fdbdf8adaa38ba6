package dev.overtime.runtime.aws;

import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.spi.Engine;
import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;

/**
 * Provides the {@code aws} engine ({@code OVERTIME_ENGINE=aws}). Listing it costs nothing: the AWS
 * SDK is only loaded by {@link #create}, and an application without the SDK's {@code lambda} and
 * {@code s3} modules gets a clear error there.
 */
public final class AwsEngineProvider implements EngineProvider {

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Engine create(Map<String, String> environment) {
    try {
      return AwsEngine.fromEnvironment(environment);
    } catch (NoClassDefFoundError e) {
      throw new EngineUnavailableException("The aws engine needs the AWS SDK on the classpath: add the "
          + "dependencies software.amazon.awssdk:lambda and software.amazon.awssdk:s3 (missing: "
          + e.getMessage() + ").", e);
    }
  }
}
