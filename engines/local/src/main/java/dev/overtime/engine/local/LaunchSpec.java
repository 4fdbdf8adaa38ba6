package dev.overtime.engine.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to launch the attempts of a run, recorded with the run by whoever submits it, so that one
 * supervisor launches the runs of every application on a home without a class path of its own.
 *
 * @param java the {@code java} executable
 * @param classpath the class path of the child JVM (the application's)
 * @param jvmOptions options before the main class, {@code -Xmx} from the job's memory included
 * @param workingDirectory where the child runs
 * @param environment the child's environment, before the run contract is added
 * @param retryBaseDelay the delay before the first retry (doubling per attempt)
 * @param gracePeriod between SIGTERM and SIGKILL on cancel and timeout
 */
record LaunchSpec(
    String java,
    String classpath,
    List<String> jvmOptions,
    Path workingDirectory,
    Map<String, String> environment,
    Duration retryBaseDelay,
    Duration gracePeriod) {

  LaunchSpec {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(classpath, "classpath");
    jvmOptions = List.copyOf(jvmOptions);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
  }

  /** This spec with another class path (a class path whose directories became jars). */
  LaunchSpec withClasspath(String classpath) {
    return new LaunchSpec(
        java, classpath, jvmOptions, workingDirectory, environment, retryBaseDelay, gracePeriod);
  }

  /**
   * One line per field, {@code key=value} with backslash escapes, the environment sorted: equal
   * specs encode equally, so the store keeps each once.
   */
  String encode() {
    StringBuilder text = new StringBuilder();
    line(text, "java", java);
    line(text, "classpath", classpath);
    for (String option : jvmOptions) {
      line(text, "option", option);
    }
    line(text, "directory", workingDirectory.toString());
    line(text, "retry-base-ms", Long.toString(retryBaseDelay.toMillis()));
    line(text, "grace-ms", Long.toString(gracePeriod.toMillis()));
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      line(text, "env", variable.getKey() + "=" + variable.getValue());
    }
    return text.toString();
  }

  static LaunchSpec decode(String text) {
    String java = null;
    String classpath = null;
    String directory = null;
    long retryBase = RetryPolicy.DEFAULT_BASE.toMillis();
    long grace = 10_000;
    List<String> options = new ArrayList<>();
    Map<String, String> environment = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("Not a launch spec line: '" + line + "'");
      }
      String key = line.substring(0, equals);
      String value = unescape(line.substring(equals + 1));
      switch (key) {
        case "java" -> java = value;
        case "classpath" -> classpath = value;
        case "option" -> options.add(value);
        case "directory" -> directory = value;
        case "retry-base-ms" -> retryBase = Long.parseLong(value);
        case "grace-ms" -> grace = Long.parseLong(value);
        case "env" -> {
          int split = value.indexOf('=');
          environment.put(value.substring(0, split), value.substring(split + 1));
        }
        default -> {
          // A newer engine's field: ignored.
        }
      }
    }
    return new LaunchSpec(
        java,
        classpath,
        options,
        Path.of(directory),
        environment,
        Duration.ofMillis(retryBase),
        Duration.ofMillis(grace));
  }

  private static void line(StringBuilder text, String key, String value) {
    text.append(key).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
    text.append('\n');
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    // The environment may hold secrets: never print it.
    return "LaunchSpec{java="
        + java
        + ", jvmOptions="
        + jvmOptions
        + ", workingDirectory="
        + workingDirectory
        + ", "
        + environment.size()
        + " environment variables}";
  }
}
