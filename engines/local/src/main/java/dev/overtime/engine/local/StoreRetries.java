package dev.overtime.engine.local;

import dev.overtime.runtime.EngineUnavailableException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Repeats a write to the run store that must stick, such as the end of an attempt, until it does:
 * the first try runs at once on the caller's thread; when the store fails ({@link
 * EngineUnavailableException}: busy beyond its timeout, disk full, I/O error), the write is tried
 * again on a thread of its own after a backoff that doubles up to a cap, for as long as it takes.
 * Each try is bounded by the store's busy timeout. So a store error delays the record of an end but
 * never leaves a run RUNNING while the engine is open. On {@link #close()} pending writes are
 * dropped: the next engine on the home settles those attempts from their outcome documents, as for
 * any engine that stopped.
 *
 * <p>The write must be safe to repeat: the store's conditional transitions make a second try of a
 * write that did stick a no-op.
 */
final class StoreRetries implements AutoCloseable {
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);

  private final Duration first;
  private final Duration cap;
  private final PrintStream log;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  StoreRetries(Duration first, Duration cap, PrintStream log) {
    this.first = first;
    this.cap = cap;
    this.log = log;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "overtime-local-store-retries");
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
  }

  /**
   * Runs {@code write} now, and again after each store failure until it succeeds or this closes.
   *
   * @param what what is written, for the log ("record the end of attempt 1 of run …")
   */
  void untilItSticks(String what, Runnable write) {
    attempt(new Pending(what, write), first);
  }

  private void attempt(Pending pending, Duration delay) {
    if (closed) {
      return;
    }
    pending.tries++;
    try {
      pending.write.run();
    } catch (EngineUnavailableException e) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      if (pending.tries == 1 || now - pending.loggedAt >= LOG_EVERY.toNanos()) {
        pending.loggedAt = now;
        log.println(
            "[overtime] local engine: could not "
                + pending.what
                + " (try "
                + pending.tries
                + "), trying again in "
                + delay.toMillis()
                + " ms until it is recorded: "
                + e.getMessage());
      }
      Duration next = delay.multipliedBy(2).compareTo(cap) > 0 ? cap : delay.multipliedBy(2);
      try {
        scheduler.schedule(() -> attempt(pending, next), delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // Closed meanwhile: the next engine settles it.
      }
      return;
    } catch (RuntimeException e) {
      if (pending.tries == 1) {
        throw e;
      }
      // Not a store failure: a bug, which trying again would only repeat.
      log.println("[overtime] local engine: could not " + pending.what + ": " + e);
      return;
    }
    if (pending.tries > 1) {
      log.println(
          "[overtime] local engine: could "
              + pending.what
              + " after "
              + pending.tries
              + " tries; the store answers again");
    }
  }

  /** Drops the pending writes (the next engine on the home settles them). */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }

  private static final class Pending {
    final String what;
    final Runnable write;
    int tries;
    long loggedAt;

    Pending(String what, Runnable write) {
      this.what = what;
      this.write = write;
    }
  }
}
