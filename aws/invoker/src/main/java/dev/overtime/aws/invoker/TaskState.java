package dev.overtime.aws.invoker;

import java.time.Instant;

/**
 * What ECS says about a task.
 *
 * @param lastStatus PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING,
 *     DEPROVISIONING, STOPPED
 * @param exitCode the job container's exit code once stopped, or null
 * @param stoppedReason why it stopped, or null
 * @param stopCode ECS's stop code once stopped ({@code TaskFailedToStart}, {@code
 *     EssentialContainerExited}, …), or null
 * @param startedAt when it started running, or null
 * @param stoppedAt when it stopped, or null
 */
record TaskState(
    String lastStatus,
    Integer exitCode,
    String stoppedReason,
    String stopCode,
    Instant startedAt,
    Instant stoppedAt) {

  boolean isStopped() {
    return "STOPPED".equals(lastStatus);
  }

  boolean isWaitingToRun() {
    return "PROVISIONING".equals(lastStatus)
        || "PENDING".equals(lastStatus)
        || "ACTIVATING".equals(lastStatus);
  }
}
