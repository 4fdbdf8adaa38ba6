package dev.overtime.aws.protocol;

import java.util.Locale;

/** What a request to the invoker function asks for; the {@code action} field of the request. */
public enum InvokerAction {
  /** Start a run of a job as an ECS task. */
  RUN,
  /** Describe a run: status, and result or error once it ended. */
  GET,
  /** Stop a run's task (SIGTERM, then SIGKILL after the stop timeout). */
  CANCEL,
  /** Start the runs of a batch ({@code JobClient.runAll}): the items are run requests. */
  BATCH,
  /**
   * Start a new run with the stored payload of another run ({@code overtime rerun}): same job, new
   * id, linked to the original.
   */
  RERUN,

  /** Move the start time of a delayed run that has not started ({@code JobClient.reschedule}). */
  RESCHEDULE;

  /**
   * The wire name: {@code run}, {@code get}, {@code cancel}, {@code batch}, {@code rerun}, {@code
   * reschedule}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
