package dev.overtime.aws.deploy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field Unix cron expression ({@code minute hour day-of-month month day-of-week}, as the
 * manifest's {@code cron} holds it, macros expanded) as EventBridge Scheduler {@code cron(...)}
 * expressions that fire at the same wall-clock times (EventBridge Scheduler User Guide, "Schedule
 * types", cron-based schedules:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based; the fields
 * and wildcards:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html).
 *
 * <p>What differs, and how each field is written:
 *
 * <ul>
 *   <li>AWS has a sixth field, the year: always {@code *}.
 *   <li>AWS numbers the days of the week 1-7 from Sunday, Unix 0-7 with 0 and 7 both Sunday: the
 *       day of week is written with names ({@code SUN}-{@code SAT}), so no number is misread. AWS
 *       takes no step ({@code /}) in the day of week, so a Unix step there becomes the list of its
 *       days ({@code *}{@code /2} is {@code SUN,TUE,THU,SAT}).
 *   <li>Each other field is written from the values it matches: {@code *} when it matches all of
 *       them, {@code start/step} for a step that runs to the end of the field ({@code *}{@code /15}
 *       minutes is {@code 0/15}), ranges for runs of three or more values ({@code 9-17}), the rest
 *       as a list. Months are written as numbers.
 *   <li>AWS refuses an expression that restricts both the day of month and the day of week: one of
 *       them must be {@code ?}. Unix cron (and cron-utils' Unix definition, which the local engine
 *       evaluates) fires when <em>either</em> restricted day field matches. A field is unrestricted
 *       when it is {@code *} (or {@code *}{@code /1}). With one restricted day field the other is
 *       {@code ?}; with both, the expression becomes <b>two</b> AWS expressions, one per day field
 *       ({@link Part#dayField()}), whose fires together are the Unix fires. On a day both match,
 *       both fire for the same instant, and the fire's idempotency key ({@code
 *       schedule:<job>#<index>@<instant>}) makes them one run.
 * </ul>
 *
 * <pre>
 * AwsCron.of("*&#47;15 9-17 * * MON-FRI")  // [cron(0/15 9-17 ? * MON-FRI *)]
 * AwsCron.of("0 0 * * 7")                 // [cron(0 0 ? * SUN *)]
 * AwsCron.of("0 12 13 * 5")               // [cron(0 12 13 * ? *) (day of month),
 *                                         //  cron(0 12 ? * FRI *) (day of week)]
 * </pre>
 */
final class AwsCron {
  /**
   * EventBridge Scheduler's limit on {@code ScheduleExpression} (API reference, CreateSchedule).
   */
  static final int MAX_EXPRESSION_LENGTH = 256;

  /** The Unix day-of-week names, index = value (0 = Sunday). */
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private static final List<String> MONTHS =
      List.of(
          "", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

  /** One Unix field: its name, range and the names it accepts (index = value). */
  private record Field(String name, int min, int max, List<String> names) {}

  private static final Field MINUTE = new Field("minute", 0, 59, List.of());
  private static final Field HOUR = new Field("hour", 0, 23, List.of());
  private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of());
  private static final Field MONTH = new Field("month", 1, 12, MONTHS);
  private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 7, DAYS);

  /**
   * One AWS expression of a Unix one.
   *
   * @param expression {@code cron(minutes hours day-of-month month day-of-week year)}
   * @param dayField null when it is the only one; {@code "day-of-month"} or {@code "day-of-week"}
   *     when the Unix expression restricts both day fields and this part fires on that one
   */
  record Part(String expression, String dayField) {}

  private AwsCron() {}

  /**
   * The AWS expressions whose fires together are those of {@code unixCron}: one, or two when both
   * day fields are restricted.
   *
   * @throws IllegalArgumentException naming the field, for anything but the five-field grammar
   *     {@code @Schedule} accepts ({@code *}, numbers and names, ranges {@code a-b}, steps {@code
   *     *}{@code /n} and {@code a-b/n}, lists). What it returns stays within {@link
   *     #MAX_EXPRESSION_LENGTH} characters for any such expression (AwsCronTest writes the longest)
   */
  static List<Part> of(String unixCron) {
    String[] fields = unixCron.trim().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "it has "
              + fields.length
              + " field(s); write five, minute hour day-of-month month day-of-week (macros"
              + " expanded), e.g. \"30 2 * * *\"");
    }
    String minutes = render(MINUTE, values(MINUTE, fields[0]));
    String hours = render(HOUR, values(HOUR, fields[1]));
    BitSet monthDays = values(DAY_OF_MONTH, fields[2]);
    String months = render(MONTH, values(MONTH, fields[3]));
    BitSet weekDays = weekDays(values(DAY_OF_WEEK, fields[4]));
    boolean monthDaysRestricted = restricted(fields[2]);
    boolean weekDaysRestricted = restricted(fields[4]);
    boolean everyMonthDay = !monthDaysRestricted || isFull(DAY_OF_MONTH, monthDays);
    boolean everyWeekDay = !weekDaysRestricted || weekDays.cardinality() == 7;
    String prefix = "cron(" + minutes + " " + hours + " ";
    String suffix = " *)";
    List<Part> parts = new ArrayList<>();
    if (monthDaysRestricted && weekDaysRestricted && !everyMonthDay && !everyWeekDay) {
      // Unix: either day field matching is enough; AWS: one of them must be '?'.
      parts.add(
          new Part(
              prefix + render(DAY_OF_MONTH, monthDays) + " " + months + " ?" + suffix,
              "day-of-month"));
      parts.add(
          new Part(
              prefix + "? " + months + " " + renderWeekDays(weekDays) + suffix, "day-of-week"));
    } else if (monthDaysRestricted && weekDaysRestricted) {
      // One of them matches every day, so either-or is every day.
      parts.add(new Part(prefix + "* " + months + " ?" + suffix, null));
    } else if (weekDaysRestricted && !everyWeekDay) {
      parts.add(new Part(prefix + "? " + months + " " + renderWeekDays(weekDays) + suffix, null));
    } else {
      parts.add(
          new Part(prefix + render(DAY_OF_MONTH, monthDays) + " " + months + " ?" + suffix, null));
    }
    return List.copyOf(parts);
  }

  /** Whether a day field restricts the days: anything but {@code *} (and {@code *}{@code /1}). */
  private static boolean restricted(String field) {
    return !field.equals("*") && !field.equals("*/1");
  }

  private static boolean isFull(Field field, BitSet values) {
    return values.nextClearBit(field.min()) > field.max();
  }

  /** The values a Unix field matches. */
  private static BitSet values(Field field, String text) {
    BitSet values = new BitSet(field.max() + 1);
    for (String element : text.split(",", -1)) {
      element(field, element, values);
    }
    return values;
  }

  private static void element(Field field, String element, BitSet values) {
    String where = "field " + field.name() + " ";
    if (element.isEmpty()) {
      throw new IllegalArgumentException(where + "has an empty list element");
    }
    String range = element;
    int step = 1;
    int slash = element.indexOf('/');
    if (slash >= 0) {
      range = element.substring(0, slash);
      String stepText = element.substring(slash + 1);
      if (!stepText.matches("[0-9]{1,9}")
          || Integer.parseInt(stepText) < 1
          || Integer.parseInt(stepText) > field.max()) {
        throw new IllegalArgumentException(
            where + "has the step '/" + stepText + "'; a step is a whole number 1-" + field.max());
      }
      step = Integer.parseInt(stepText);
      if (!range.equals("*") && range.indexOf('-', 1) < 0) {
        throw new IllegalArgumentException(
            where + "has '" + element + "'; a step follows * or a range, e.g. */" + step);
      }
    }
    int low;
    int high;
    if (range.equals("*")) {
      low = field.min();
      high = field == DAY_OF_WEEK ? 6 : field.max();
    } else {
      int dash = range.indexOf('-', 1);
      low = value(field, dash < 0 ? range : range.substring(0, dash));
      high = dash < 0 ? low : value(field, range.substring(dash + 1));
      if (low > high) {
        throw new IllegalArgumentException(
            where + "has the range " + range + ", which runs backwards");
      }
    }
    for (int v = low; v <= high; v += step) {
      values.set(v);
    }
  }

  private static int value(Field field, String item) {
    if (item.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(item);
      if (n >= field.min() && n <= field.max()) {
        return n;
      }
      throw new IllegalArgumentException(
          "field " + field.name() + " is " + n + ", outside " + field.min() + "-" + field.max());
    }
    int named = field.names().indexOf(item.toUpperCase(Locale.ROOT));
    if (named >= field.min() && !item.isEmpty()) {
      return named;
    }
    throw new IllegalArgumentException(
        "field "
            + field.name()
            + " has '"
            + item
            + "', which is not a number"
            + (field.names().isEmpty() ? "" : " or name")
            + " of "
            + field.min()
            + "-"
            + field.max()
            + "; write *, a value, a range a-b, a step */n or a-b/n, or a list a,b (?, L, W and #"
            + " are not Unix cron)");
  }

  /** The days of the week, 0 (Sunday) to 6; Unix 7 is Sunday too. */
  private static BitSet weekDays(BitSet unix) {
    BitSet days = unix.get(0, 7);
    if (unix.get(7)) {
      days.set(0);
    }
    return days;
  }

  /** A field other than the day of week, written from the values it matches. */
  private static String render(Field field, BitSet values) {
    if (isFull(field, values)) {
      return "*";
    }
    List<Integer> list = values.stream().boxed().toList();
    if (list.size() >= 3) {
      int step = list.get(1) - list.get(0);
      boolean progression = step >= 2;
      for (int i = 2; i < list.size() && progression; i++) {
        progression = list.get(i) - list.get(i - 1) == step;
      }
      // start/step runs to the end of the field, so only a progression that does is one.
      if (progression && list.get(list.size() - 1) + step > field.max()) {
        return list.get(0) + "/" + step;
      }
    }
    return runs(list, Integer::toString);
  }

  /** The days of the week as AWS names, in AWS's order (SUN = 1 to SAT = 7). */
  private static String renderWeekDays(BitSet days) {
    return runs(days.stream().boxed().toList(), DAYS::get);
  }

  /** Runs of three or more consecutive values as ranges, the others listed. */
  private static String runs(List<Integer> values, java.util.function.IntFunction<String> name) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < values.size()) {
      int j = i;
      while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
        j++;
      }
      if (j - i >= 2) {
        append(out, name.apply(values.get(i)) + "-" + name.apply(values.get(j)));
      } else {
        for (int k = i; k <= j; k++) {
          append(out, name.apply(values.get(k)));
        }
      }
      i = j + 1;
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String item) {
    if (!out.isEmpty()) {
      out.append(',');
    }
    out.append(item);
  }
}
