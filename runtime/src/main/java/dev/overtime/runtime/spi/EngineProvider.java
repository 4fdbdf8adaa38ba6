package dev.overtime.runtime.spi;

import dev.overtime.runtime.Engine;
import java.util.Map;

/**
 * Creates an {@link Engine} by name; found through {@link java.util.ServiceLoader}, so a new engine
 * (for example Kubernetes Jobs) is a jar on the classpath and {@code OVERTIME_ENGINE=<name>}.
 */
public interface EngineProvider {

  /** The name used in {@code OVERTIME_ENGINE}. */
  String name();

  /** Creates the engine from configuration (the process environment, normally). */
  Engine create(Map<String, String> environment);
}
