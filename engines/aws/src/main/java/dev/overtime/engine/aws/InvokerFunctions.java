package dev.overtime.engine.aws;

import dev.overtime.aws.protocol.ClientEnvironment;
import dev.overtime.runtime.EngineUnavailableException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which invoker function serves which job: {@code OVERTIME_INVOKER_FUNCTION_<JOB>} (the job name
 * upper cased, hyphens as underscores: {@code video-transcode} → {@code
 * OVERTIME_INVOKER_FUNCTION_VIDEO_TRANSCODE}) if set, else {@code OVERTIME_INVOKER_FUNCTION}.
 * Values are function names or ARNs.
 */
public final class InvokerFunctions {
  /** The default invoker function. */
  public static final String FUNCTION_VARIABLE = ClientEnvironment.INVOKER_FUNCTION;

  private final String defaultFunction;
  private final Map<String, String> perJobVariables;

  private InvokerFunctions(String defaultFunction, Map<String, String> perJobVariables) {
    this.defaultFunction = defaultFunction;
    this.perJobVariables = perJobVariables;
  }

  /** Reads the function names from an environment map. */
  public static InvokerFunctions from(Map<String, String> environment) {
    String fallback = environment.get(FUNCTION_VARIABLE);
    TreeMap<String, String> perJob = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(FUNCTION_VARIABLE + "_") && value != null && !value.isBlank()) {
            perJob.put(name, value.trim());
          }
        });
    return new InvokerFunctions(
        fallback == null || fallback.isBlank() ? null : fallback.trim(), perJob);
  }

  /** The variable that overrides the function of {@code job}. */
  public static String variableFor(String job) {
    return FUNCTION_VARIABLE
        + "_"
        + job.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /**
   * The function serving {@code job}.
   *
   * @throws EngineUnavailableException when neither variable is set
   */
  public String forJob(String job) {
    String specific = perJobVariables.get(variableFor(job));
    if (specific != null) {
      return specific;
    }
    if (defaultFunction == null) {
      throw new EngineUnavailableException(
          "The aws engine does not know which invoker function runs job '"
              + job
              + "': set "
              + FUNCTION_VARIABLE
              + " (or "
              + variableFor(job)
              + ") to the function name "
              + "that 'overtime deploy' printed as the InvokerFunctionName output of the stack.");
    }
    return defaultFunction;
  }

  /** Every configured function, the default first: where to look for a run of an unknown job. */
  public Set<String> all() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    if (defaultFunction != null) {
      all.add(defaultFunction);
    }
    all.addAll(perJobVariables.values());
    return all;
  }
}
