package dev.overtime.runtime.manifest;

import java.util.Objects;

/**
 * One {@code @Schedule} of a job, as the processor checked it: every fire is an ordinary run of the
 * job with {@link #payload()}.
 *
 * @param id the job name and the schedule's index, {@code "nightly-report#0"}
 * @param index the position among the job's schedules, from 0 in declaration order
 * @param declared the cron expression as written, e.g. {@code "@daily"}
 * @param cron its five fields (minute hour day-of-month month day-of-week), macros expanded
 * @param zone the IANA zone id the expression is read in
 * @param payload the payload JSON of each fire
 */
public record ManifestSchedule(
    String id, int index, String declared, String cron, String zone, String payload) {
  public ManifestSchedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(payload, "payload");
  }
}
