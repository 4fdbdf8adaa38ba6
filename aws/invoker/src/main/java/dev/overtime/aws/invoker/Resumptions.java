package dev.overtime.aws.invoker;

import dev.overtime.aws.protocol.InvokerEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * Wakes the invoker when a retry's backoff ends or a delayed run is due: a one-time EventBridge
 * Scheduler schedule, {@code at(…)} in UTC, that invokes the invoker's own function with {@code
 * {"action":"resume","runId":"…","attempt":N}} and deletes itself after (EventBridge Scheduler User
 * Guide, "Schedule types", one-time schedules:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#one-time; {@code
 * ActionAfterCompletion}:
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html). A rescheduled
 * run's schedule is moved with {@code UpdateSchedule}, which replaces all of it
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html).
 *
 * <p>A schedule is only a wake-up: the run record says what is due, so a schedule that fires twice,
 * late or for a run that has moved on does no harm, and the sweep starts what a lost schedule
 * missed.
 */
final class Resumptions {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final SchedulerClient scheduler;
  private final String group;
  private final String roleArn;

  Resumptions(SchedulerClient scheduler, String group, String roleArn) {
    this.scheduler = scheduler;
    this.group = group;
    this.roleArn = roleArn;
  }

  /**
   * Schedules the resumption of {@code run}'s pending attempt at its {@code startAfter}.
   *
   * @param functionArn the invoker's own ARN (from the Lambda context)
   */
  void schedule(StoredRun run, String functionArn) {
    try {
      scheduler.createSchedule(
          b ->
              b.name(name(run))
                  .groupName(group)
                  .scheduleExpression(expression(run))
                  .scheduleExpressionTimezone("UTC")
                  .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                  .actionAfterCompletion(ActionAfterCompletion.DELETE)
                  .description(description(run))
                  .target(target(run, functionArn)));
    } catch (ConflictException e) {
      // Already scheduled by a concurrent or repeated decision of the same attempt.
    }
  }

  /**
   * Moves the schedule of {@code run}'s pending start to its (new) {@code startAfter}: {@code
   * UpdateSchedule} of the same name, or a new schedule when it is gone (it was never created, or
   * fired and deleted itself).
   */
  void reschedule(StoredRun run, String functionArn) {
    try {
      scheduler.updateSchedule(
          b ->
              b.name(name(run))
                  .groupName(group)
                  .scheduleExpression(expression(run))
                  .scheduleExpressionTimezone("UTC")
                  .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                  .actionAfterCompletion(ActionAfterCompletion.DELETE)
                  .description(description(run))
                  .target(target(run, functionArn)));
    } catch (ResourceNotFoundException e) {
      schedule(run, functionArn);
    }
  }

  /** Deletes the schedule of {@code run}'s pending start, if it is still there. */
  void forget(StoredRun run) {
    try {
      scheduler.deleteSchedule(b -> b.name(name(run)).groupName(group));
    } catch (ResourceNotFoundException e) {
      // Fired and deleted itself, or never created.
    }
  }

  /** {@code at(…)} the whole second after the start is due, in UTC. */
  private static String expression(StoredRun run) {
    Instant at = run.startAfter().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    return "at(" + AT.format(at) + ")";
  }

  private static String description(StoredRun run) {
    return "Overtime: resume run " + run.runId() + " at attempt " + run.attempt();
  }

  private Target target(StoredRun run, String functionArn) {
    return Target.builder()
        .arn(functionArn)
        .roleArn(roleArn)
        .input(InvokerEvent.resumeJson(run.runId(), run.attempt()))
        .build();
  }

  /**
   * The schedule's name: one per run, attempt and start, so a decision made twice schedules once;
   * at most 64 characters ([0-9a-zA-Z-_.]+).
   */
  static String name(StoredRun run) {
    return "overtime-" + run.runId() + "-" + run.attempt() + "-s" + run.failedStarts();
  }
}
