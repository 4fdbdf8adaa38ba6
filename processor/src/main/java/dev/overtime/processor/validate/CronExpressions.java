package dev.overtime.processor.validate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The five-field cron grammar that {@code @Schedule} accepts, checked field by field so that a
 * mistake is named precisely ("field hour is 25, outside 0-23"). The macros are expanded to their
 * five fields; a sixth (seconds) field is refused. An expression that passes is then parsed by
 * cron-utils ({@link CronLibraryCheck}), the library that evaluates it at run time.
 */
public final class CronExpressions {
  /** One field: its name, range and the names it accepts (index = value). */
  private record Field(String name, int min, int max, List<String> names, String hint) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of(), "0-59"),
          new Field("hour", 0, 23, List.of(), "0-23"),
          new Field("day-of-month", 1, 31, List.of(), "1-31"),
          new Field(
              "month",
              1,
              12,
              List.of(
                  "", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC"),
              "1-12 or JAN-DEC"),
          new Field(
              "day-of-week",
              0,
              7,
              List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
              "0-7 or SUN-SAT, 0 and 7 are Sunday"));

  /** The accepted macros and their five fields. */
  public static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private CronExpressions() {}

  /** A checked expression (its five fields, macros expanded), or why it is wrong. */
  public record Checked(String fields, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  public static Checked check(String expression) {
    String trimmed = expression.trim();
    if (trimmed.isEmpty()) {
      return new Checked(null, "is empty");
    }
    if (trimmed.startsWith("@")) {
      String fields = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
      return fields == null
          ? new Checked(null, "uses the unknown macro '" + trimmed + "'")
          : new Checked(fields, null);
    }
    String[] parts = trimmed.split("\\s+");
    if (parts.length == 6) {
      return new Checked(
          null, "has 6 fields; seconds are not supported, write the five fields from minute on");
    }
    if (parts.length != 5) {
      return new Checked(
          null, "has " + parts.length + " field" + (parts.length == 1 ? "" : "s") + ", not 5");
    }
    for (int i = 0; i < 5; i++) {
      Optional<String> problem = checkField(FIELDS.get(i), parts[i]);
      if (problem.isPresent()) {
        return new Checked(null, problem.get());
      }
    }
    return new Checked(String.join(" ", parts), null);
  }

  private static Optional<String> checkField(Field field, String text) {
    for (String element : text.split(",", -1)) {
      Optional<String> problem = checkElement(field, element);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkElement(Field field, String element) {
    String where = "field " + field.name() + " ";
    if (element.isEmpty()) {
      return Optional.of(where + "has an empty list element");
    }
    String range = element;
    int slash = element.indexOf('/');
    if (slash >= 0) {
      range = element.substring(0, slash);
      String step = element.substring(slash + 1);
      if (!step.matches("[0-9]{1,9}")) {
        return Optional.of(where + "has the step '/" + step + "', which is not a whole number");
      }
      int n = Integer.parseInt(step);
      if (n < 1 || n > field.max()) {
        return Optional.of(where + "has the step /" + n + ", outside 1-" + field.max());
      }
      if (!range.equals("*") && !range.contains("-")) {
        return Optional.of(
            where + "has '" + element + "'; a step follows * or a range, e.g. */" + n);
      }
    }
    if (range.equals("*")) {
      return Optional.empty();
    }
    int dash = range.indexOf('-', 1);
    if (dash >= 0) {
      String low = range.substring(0, dash);
      String high = range.substring(dash + 1);
      Object a = value(field, low);
      if (a instanceof String problem) {
        return Optional.of(where + problem);
      }
      Object b = value(field, high);
      if (b instanceof String problem) {
        return Optional.of(where + problem);
      }
      if ((int) a > (int) b) {
        return Optional.of(where + "has the range " + range + ", which runs backwards");
      }
      return Optional.empty();
    }
    Object single = value(field, range);
    return single instanceof String problem ? Optional.of(where + problem) : Optional.empty();
  }

  /** The value of one item (an Integer), or the problem (a String). */
  private static Object value(Field field, String item) {
    if (item.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(item);
      if (n < field.min() || n > field.max()) {
        return "is " + n + ", outside " + field.hint();
      }
      return n;
    }
    int named = field.names().indexOf(item.toUpperCase(Locale.ROOT));
    if (named > 0 || (named == 0 && !field.names().get(0).isEmpty())) {
      return named;
    }
    return "has '"
        + item
        + "', which is not a number"
        + (field.names().isEmpty() ? "" : " or name")
        + " in "
        + field.hint()
        + ", *, a range a-b, a step */n or a list a,b";
  }
}
