package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unix cron to EventBridge Scheduler cron: the documented cases, and for a range of expressions
 * that the AWS expressions fire exactly when the Unix one does. The Unix side is evaluated as the
 * local engine evaluates it (cron-utils 9.2.1, Unix definition, as {@code FireTimes}); the AWS side
 * with cron-utils' Quartz definition, whose fields after the seconds are AWS's (day of week 1-7
 * from SUN, {@code ?} required in one day field, a year).
 */
class AwsCronTest {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private static List<String> expressions(String unix) {
    return AwsCron.of(unix).stream().map(AwsCron.Part::expression).toList();
  }

  @Test
  void weekdayOfficeHoursBecomeAStepRangeAndNamedDays() {
    assertEquals(List.of("cron(0/15 9-17 ? * MON-FRI *)"), expressions("*/15 9-17 * * MON-FRI"));
  }

  @Test
  void sundayIsSunWhetherWrittenZeroOrSeven() {
    assertEquals(List.of("cron(0 0 ? * SUN *)"), expressions("0 0 * * 0"));
    assertEquals(List.of("cron(0 0 ? * SUN *)"), expressions("0 0 * * 7"));
    assertEquals(List.of("cron(0 0 ? * SUN *)"), expressions("0 0 * * sun"));
    // Unix 5-7 is FRI, SAT, SUN; AWS lists them in its order, SUN first.
    assertEquals(List.of("cron(0 0 ? * SUN,FRI,SAT *)"), expressions("0 0 * * 5-7"));
  }

  @Test
  void everyDayPutsTheQuestionMarkInTheDayOfWeek() {
    assertEquals(List.of("cron(30 2 * * ? *)"), expressions("30 2 * * *"));
    assertEquals(List.of("cron(0 0 1 1 ? *)"), expressions("0 0 1 1 *"));
    assertEquals(List.of("cron(0 * * * ? *)"), expressions("0 * * * *"));
  }

  @Test
  void bothDayFieldsRestrictedBecomeOneScheduleForEachDayField() {
    List<AwsCron.Part> parts = AwsCron.of("0 12 13 * 5");

    assertEquals(2, parts.size());
    assertEquals(new AwsCron.Part("cron(0 12 13 * ? *)", "day-of-month"), parts.get(0));
    assertEquals(new AwsCron.Part("cron(0 12 ? * FRI *)", "day-of-week"), parts.get(1));
  }

  @Test
  void aDayFieldThatMatchesEveryDayMakesEitherOrEveryDay() {
    assertEquals(List.of("cron(0 0 * * ? *)"), expressions("0 0 13 * 0-7"));
    assertEquals(List.of("cron(0 0 * * ? *)"), expressions("0 0 1-31 * MON"));
    // cron-utils reads */1 as *: the day of week alone restricts.
    assertEquals(List.of("cron(0 0 ? * MON *)"), expressions("0 0 */1 * MON"));
  }

  @Test
  void stepsAreWrittenAsAwsStepsListsOrNamedDays() {
    assertEquals(List.of("cron(5/15 0/2 * * ? *)"), expressions("5-59/15 */2 * * *"));
    assertEquals(List.of("cron(0,15,30 0 1/10 1/3 ? *)"), expressions("0-30/15 0 */10 */3 *"));
    // AWS takes no step in the day of week.
    assertEquals(List.of("cron(0 0 ? * SUN,TUE,THU,SAT *)"), expressions("0 0 * * */2"));
    assertEquals(List.of("cron(0 8 ? 1-3,10 MON,WED *)"), expressions("0 8 * jan-mar,OCT 1-3/2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*/15 9-17 * * MON-FRI",
        "0 0 * * 0",
        "0 0 * * 7",
        "30 2 * * *",
        "0 0 1 1 *",
        "0 0 1 * *",
        "0 * * * *",
        "0 12 13 * 5",
        "0 0 */10 * 1",
        "0 0 1-3 * MON",
        "0 0 * * */2",
        "0 0 * * */3",
        "0 0 * * 5-7",
        "0 0 * * 5-7/2",
        "5-59/15 */2 * * *",
        "0 0 13 * */1",
        "0 0 */1 * MON",
        "0 0 1-31 * MON",
        "0 0 13 * 0-7",
        "0,30 8-18/2 * JAN-MAR,OCT *",
        "0 0 29 2 *",
        "0 0 * * SAT,SUN",
        "7 7 7 7 *",
        "0 0 1,15 * 1-5",
        "0 6 * * 1-5/2",
        "59 23 31 12 *",
        "0 0 */5 */3 *",
        "0-30/15 0 */10 */3 *",
        "0 0 13 2 MON"
      })
  void theAwsSchedulesFireExactlyWhenTheUnixExpressionDoes(String unix) {
    for (String zone : List.of("UTC", "Europe/Berlin")) {
      ZonedDateTime from = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneId.of(zone));
      ZonedDateTime until = from.plusYears(12);
      List<ZonedDateTime> expected = fires(UNIX, unix, from, until, 400);
      assertTrue(!expected.isEmpty(), unix + " fires");
      // Up to the 400th Unix fire: within it, no AWS part may fire more often than that.
      ZonedDateTime horizon = expected.size() < 400 ? until : expected.get(expected.size() - 1);
      TreeSet<java.time.Instant> actual = new TreeSet<>();
      for (String aws : expressions(unix)) {
        assertTrue(aws.startsWith("cron(") && aws.endsWith(")"), aws);
        String quartz = "0 " + aws.substring("cron(".length(), aws.length() - 1);
        fires(QUARTZ, quartz, from, horizon, 401).forEach(fire -> actual.add(fire.toInstant()));
      }
      assertEquals(
          expected.stream().map(ZonedDateTime::toInstant).toList(),
          List.copyOf(actual),
          unix + " in " + zone + " as " + expressions(unix));
    }
  }

  /** Up to {@code most} fires from {@code from} (exclusive) to {@code until} (inclusive). */
  private static List<ZonedDateTime> fires(
      CronParser parser, String expression, ZonedDateTime from, ZonedDateTime until, int most) {
    ExecutionTime time = ExecutionTime.forCron(parser.parse(expression).validate());
    List<ZonedDateTime> fires = new ArrayList<>();
    ZonedDateTime at = from;
    while (fires.size() < most) {
      Optional<ZonedDateTime> next = time.nextExecution(at);
      if (next.isEmpty() || next.get().isAfter(until)) {
        break;
      }
      fires.add(next.get());
      at = next.get();
    }
    return fires;
  }

  @Test
  void whatUnixCronIsNotIsRefusedNamingTheField() {
    assertRefused("0 0 * * ?", "field day-of-week has '?'");
    assertRefused("0 0 L * *", "field day-of-month has 'L'");
    assertRefused("0 0 * * 5#2", "field day-of-week has '5#2'");
    assertRefused("0 25 * * *", "field hour is 25, outside 0-23");
    assertRefused("0 0 * * * *", "it has 6 field(s)");
    assertRefused("0 0 5/2 * *", "a step follows * or a range");
    assertRefused("0 0 * 12-1 *", "the range 12-1, which runs backwards");
    assertRefused("*/0 * * * *", "field minute has the step '/0'");
    assertRefused("0 0 * FOO *", "field month has 'FOO'");
    assertRefused("0 0 1,,2 * *", "empty list element");
  }

  @Test
  void theLongestExpressionTheGrammarAllowsFitsInWhatAwsAccepts() {
    // No runs of three (they become ranges) and no progressions (they become steps): every value
    // is listed, and as many of them as can be.
    String cron = String.join(" ", listed(0, 59), listed(0, 23), listed(1, 31), listed(1, 12), "*");
    String longest = AwsCron.of(cron).get(0).expression();
    assertTrue(
        longest.length() <= AwsCron.MAX_EXPRESSION_LENGTH && longest.length() > 200,
        longest.length() + ": " + longest);
  }

  /** Every value from {@code from} to {@code to} but each third, e.g. 0,1,3,4,6,7,… */
  private static String listed(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int v = from; v <= to; v++) {
      if ((v - from) % 3 != 2) {
        values.add(Integer.toString(v));
      }
    }
    return String.join(",", values);
  }

  private static void assertRefused(String cron, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AwsCron.of(cron), cron);
    assertTrue(e.getMessage().contains(expected), cron + ": " + e.getMessage());
  }
}
