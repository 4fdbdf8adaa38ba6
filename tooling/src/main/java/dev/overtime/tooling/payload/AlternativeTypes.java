package dev.overtime.tooling.payload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds the per-alternative type problems of an {@code anyOf} into one. The processor writes an
 * {@code Optional<Integer>} as {@code anyOf: [integer, null]}, and the validator reports each
 * alternative that failed ({@code string found, integer expected} and {@code string found, null
 * expected}); the user needs one line: {@code string found, integer or null expected}.
 */
final class AlternativeTypes {
  private static final Pattern TYPE_PROBLEM = Pattern.compile("(\\S+) found, (.+) expected");

  private AlternativeTypes() {}

  static List<PayloadProblem> merge(List<PayloadProblem> problems) {
    Map<String, List<String>> expectedByFound = new LinkedHashMap<>();
    List<PayloadProblem> merged = new ArrayList<>();
    for (PayloadProblem problem : problems) {
      Matcher matcher = TYPE_PROBLEM.matcher(problem.message());
      if (!matcher.matches()) {
        merged.add(problem);
        continue;
      }
      List<String> expected =
          expectedByFound.computeIfAbsent(
              problem.path() + "\u0000" + matcher.group(1), key -> new ArrayList<>());
      if (!expected.contains(matcher.group(2))) {
        expected.add(matcher.group(2));
      }
    }
    expectedByFound.forEach(
        (key, expected) -> {
          int split = key.indexOf('\u0000');
          merged.add(
              new PayloadProblem(
                  key.substring(0, split),
                  key.substring(split + 1) + " found, " + alternatives(expected) + " expected"));
        });
    return merged;
  }

  // Non-null types first: "integer or null", as a reader says it.
  private static String alternatives(List<String> expected) {
    List<String> ordered = new ArrayList<>(expected);
    if (ordered.remove("null")) {
      ordered.add("null");
    }
    return String.join(" or ", ordered);
  }
}
