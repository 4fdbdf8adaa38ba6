package dev.overtime.engine.local.schedule;

import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.manifest.ManifestSchedule;
import java.util.Objects;

/**
 * A schedule to enable on a home ({@code LocalEngine.enableSchedules}): one {@code @Schedule} of a
 * job as its manifest lists it, the job whose runs it fires, and what happens to missed fires.
 *
 * @param job the job the schedule belongs to
 * @param schedule the schedule, as the manifest lists it ({@code ManifestJob.schedules()})
 * @param catchUp what happens to fires missed while no supervisor ran; {@link CatchUp#LATEST}
 *     unless chosen otherwise
 */
public record ScheduleRegistration(
    JobDescriptor<?, ?> job, ManifestSchedule schedule, CatchUp catchUp) {
  public ScheduleRegistration {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(catchUp, "catchUp");
    if (!schedule.id().equals(job.name() + "#" + schedule.index())) {
      throw new IllegalArgumentException(
          "schedule "
              + schedule.id()
              + " is not a schedule of job '"
              + job.name()
              + "': its id must be "
              + job.name()
              + "#"
              + schedule.index()
              + "; pass the job whose manifest lists it");
    }
    try {
      FireTimes.of(schedule.cron(), schedule.zone());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "schedule "
              + schedule.id()
              + " cannot be enabled: cron \""
              + schedule.cron()
              + "\" in zone "
              + schedule.zone()
              + " does not parse ("
              + e.getMessage()
              + "); rebuild the application so the processor checks it",
          e);
    }
  }

  /** A registration with the default catch-up policy, {@link CatchUp#LATEST}. */
  public ScheduleRegistration(JobDescriptor<?, ?> job, ManifestSchedule schedule) {
    this(job, schedule, CatchUp.LATEST);
  }
}
