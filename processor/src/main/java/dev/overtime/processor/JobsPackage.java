package dev.overtime.processor;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * Where {@code Jobs} goes: the {@code overtime.package} option, else the longest common package of
 * the handlers ({@code com.example.a} and {@code com.example.b} give {@code com.example}).
 */
final class JobsPackage {
  static final String OPTION = "overtime.package";

  private JobsPackage() {}

  /** Whether {@code option} is a valid package name for the generated code. */
  static boolean isValidOption(String option) {
    return !option.isEmpty()
        && SourceVersion.isName(option)
        && !option.equals("java")
        && !option.startsWith("java.");
  }

  /** The longest common package, or the empty string when there is none. */
  static String common(Collection<String> packages) {
    List<String> common = null;
    for (String pkg : packages) {
      List<String> parts = pkg.isEmpty() ? List.of() : Arrays.asList(pkg.split("\\."));
      if (common == null) {
        common = parts;
        continue;
      }
      int same = 0;
      while (same < common.size()
          && same < parts.size()
          && common.get(same).equals(parts.get(same))) {
        same++;
      }
      common = common.subList(0, same);
    }
    return common == null ? "" : String.join(".", common);
  }
}
