package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overtime.runtime.internal.JobDescriptors;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A {@link JobRun} a schedule fired says so in its details and its {@code toString()}. */
class JobRunScheduleTest {
  public record Report(int days) {}

  private static final JobDescriptor<Report, Integer> NIGHTLY =
      JobDescriptors.builder("nightly", Report.class, JobType.of(Integer.class))
          .handlerClass("x.Nightly")
          .build();

  private static final Instant FIRE = Instant.parse("2026-12-02T01:30:00Z");

  private static JobRun<Integer> run(RunDetails details) {
    RunRecord record =
        new RunRecord(
            "01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
            "nightly",
            RunStatus.QUEUED,
            1,
            FIRE,
            null,
            null,
            null,
            null,
            details);
    return new JobRun<>(NIGHTLY, new JobClientRunAllTest.RecordingEngine(), record);
  }

  @Test
  void aRunAScheduleFiredNamesTheScheduleAndItsFireTime() {
    JobRun<Integer> run = run(RunDetails.builder().schedule("nightly#0", FIRE).build());

    assertEquals(Optional.of("nightly#0"), run.details().schedule());
    assertEquals(Optional.of(FIRE), run.details().scheduledFor());
    assertEquals(
        "JobRun{nightly 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 QUEUED, schedule nightly#0 fire of"
            + " 2026-12-02T01:30:00Z}",
        run.toString());
  }

  @Test
  void aRunStartedByCodeSaysNothingOfSchedules() {
    JobRun<Integer> run = run(RunDetails.none());

    assertEquals("JobRun{nightly 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 QUEUED}", run.toString());
    assertFalse(run.details().schedule().isPresent());
  }
}
