package dev.overtime.engine.local;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The supervisor's side of delayed and expiring runs: before each scheduling pass it expires the
 * runs never launched whose time to live is over and queues the delayed runs whose start time has
 * come, in that order, so that a run due and expired at the same instant never starts. Then it arms
 * one timer for the next start time or expiry, so the supervisor acts on time with no client alive;
 * while a run is {@code DELAYED} the supervisor is busy and does not exit when idle.
 *
 * <p>Only the supervisor's timer thread calls it.
 */
final class WaitingRuns {
  private final RunStore store;
  private final ScheduledExecutorService timer;
  private final Runnable wake;
  private final LongSupplier clock;
  private long armedFor; // the time the pending timer fires for, 0 for none
  private ScheduledFuture<?> armed;

  WaitingRuns(RunStore store, ScheduledExecutorService timer, Runnable wake, LongSupplier clock) {
    this.store = store;
    this.timer = timer;
    this.wake = wake;
    this.clock = clock;
  }

  /**
   * Expires and queues what is due at {@code now}; returns how many runs became {@code QUEUED}.
   * Expiry first: the claim of a launch is itself conditional on the expiry, so this only keeps
   * expired runs out of the queue, it is not what makes the rule hold.
   */
  int settle(long now) {
    long next = store.nextWaitingEvent();
    if (next == 0 || next > now) {
      // Nothing due: a read, so an idle tick takes no write lock.
      return 0;
    }
    int expired = store.expire(now);
    int queued = store.promoteDue(now);
    if (expired > 0) {
      System.err.println("[overtime] supervisor: " + expired + " run(s) expired unstarted");
    }
    return queued;
  }

  /** Arms the timer for the next start time or expiry, unless one is armed for no later. */
  void armForNext() {
    long next = store.nextWaitingEvent();
    long now = clock.getAsLong();
    if (next == 0) {
      return;
    }
    if (armed != null && !armed.isDone() && armedFor <= next) {
      return;
    }
    if (armed != null) {
      armed.cancel(false);
    }
    try {
      armedFor = next;
      armed = timer.schedule(wake, Math.max(0, next - now), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }
}
