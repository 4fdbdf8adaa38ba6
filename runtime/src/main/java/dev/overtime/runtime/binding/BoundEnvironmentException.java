package dev.overtime.runtime.binding;

import java.util.List;

/**
 * The deploy configuration file cannot be read; the message names the file, every field at fault
 * and the fix.
 */
public final class BoundEnvironmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  BoundEnvironmentException(String source, List<String> problems) {
    super(
        "[overtime.deploy-config] "
            + source
            + ": "
            + String.join("; ", problems)
            + ". See docs/aws.md#bound-resources.");
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, field first. */
  public List<String> problems() {
    return problems;
  }
}
