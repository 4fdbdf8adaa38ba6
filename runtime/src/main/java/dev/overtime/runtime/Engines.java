package dev.overtime.runtime;

import dev.overtime.runtime.spi.EngineProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Chooses and creates engines. {@code OVERTIME_ENGINE} names the default one ({@code local} when
 * unset); code and tests may always create and pass an engine explicitly instead.
 *
 * <pre>{@code
 * try (Engine engine = Engines.create("inline")) {
 *   JobRun<BigInteger> run = Jobs.factorial(engine).run(new FactorialPayload(5));
 * }
 * }</pre>
 */
public final class Engines {
  /** The environment variable naming the default engine. */
  public static final String ENGINE_VARIABLE = "OVERTIME_ENGINE";

  /** The engine used when {@code OVERTIME_ENGINE} is unset. */
  public static final String DEFAULT_ENGINE = "local";

  /** The artifact that brings each of Overtime's own engines. */
  private static final Map<String, String> ENGINE_ARTIFACTS =
      Map.of(
          "local", "The local engine needs the dependency dev.overtime:overtime-engine-local.",
          "aws", "The aws engine needs the dependency dev.overtime:overtime-engine-aws.");

  private Engines() {}

  /**
   * The process-wide default engine, created on first use from the environment and closed when the
   * JVM exits.
   */
  public static Engine defaultEngine() {
    return DefaultEngineHolder.ENGINE;
  }

  /** A new engine of the given name, configured from the process environment. */
  public static Engine create(String name) {
    return create(name, System.getenv());
  }

  /** A new engine of the given name, configured from {@code environment}. */
  public static Engine create(String name, Map<String, String> environment) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("engine name is empty; use one of " + available());
    }
    for (EngineProvider provider :
        ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
      if (provider.name().equals(name)) {
        return provider.create(environment);
      }
    }
    throw new EngineUnavailableException(
        "No engine named '"
            + name
            + "' (from "
            + ENGINE_VARIABLE
            + " or code); available: "
            + available()
            + ". "
            + ENGINE_ARTIFACTS.getOrDefault(
                name, "An engine outside overtime-runtime needs its jar on the class path."));
  }

  private static TreeSet<String> available() {
    TreeSet<String> names = new TreeSet<>();
    ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())
        .forEach(provider -> names.add(provider.name()));
    return names;
  }

  private static final class DefaultEngineHolder {
    static final Engine ENGINE = createDefault();

    private static Engine createDefault() {
      String name = System.getenv(ENGINE_VARIABLE);
      Engine engine = create(name == null || name.isBlank() ? DEFAULT_ENGINE : name.trim());
      Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "overtime-engine-close"));
      return engine;
    }
  }
}
