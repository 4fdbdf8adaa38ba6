package dev.overtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a job on a cron schedule. Put it, once or several times, on a {@link JobHandler} class; each
 * fire is an ordinary run of the job with the declared payload.
 *
 * <pre>{@code
 * @JobHandler("nightly-report")
 * @Schedule(cron = "30 2 * * *", zone = "Europe/Berlin", payload = "{\"days\": 1}")
 * @Schedule(cron = "@weekly", payload = "{\"days\": 7}")
 * public final class NightlyReport implements Job<ReportPayload, Void> { ... }
 * }</pre>
 *
 * <p>All three values are checked at compile time: the cron expression field by field, the zone id,
 * and the payload JSON against the payload record (unknown properties, missing components and wrong
 * types, each with its JSON path), so a schedule that compiles is a schedule that runs.
 *
 * <p><b>Not fired yet.</b> In this version schedules are checked, written to the manifest and
 * listed with their next fire times by {@code overtime schedules}; neither the local supervisor nor
 * the AWS stack fires them yet (docs/scheduling.md).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Schedules.class)
public @interface Schedule {

  /**
   * A standard five-field cron expression, {@code minute hour day-of-month month day-of-week}: for
   * example {@code "0,30 * * * *"} or {@code "0 9 * * MON-FRI"}. Fields take numbers, {@code *},
   * ranges {@code a-b}, steps {@code /n} and lists {@code a,b}; months and days of week also take
   * names ({@code JAN}, {@code MON}); day of week is 0-7 with 0 and 7 both Sunday. The macros
   * {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily} ({@code
   * @midnight}) and {@code @hourly} are accepted; a seconds field is not (the shortest period is
   * one minute).
   */
  String cron();

  /** The IANA time zone the expression is read in, e.g. {@code "Europe/Berlin"}. Default UTC. */
  String zone() default "UTC";

  /** The payload of each fire, as JSON for the job's payload record. Default {@code {}}. */
  String payload() default "{}";
}
