package dev.overtime.bench.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/**
 * Occupies an engine slot, idle, until cancelled: with {@code concurrency(1)} every run enqueued
 * after it stays QUEUED, which is how the enqueue benchmark measures {@code run()} without starting
 * processes (the engine behaves exactly as when all its slots are busy).
 */
@JobHandler(value = "hold", timeout = "1 hour", memory = "128 MB")
public final class Hold implements Job<HoldPayload, String> {
  @Override
  public String run(HoldPayload payload, JobContext context) {
    System.out.println("holding the slot: " + payload.reason());
    while (!context.isCancelled()) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        break;
      }
    }
    return "released";
  }
}
