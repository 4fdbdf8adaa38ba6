package dev.overtime.sample;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's threads: a fixed number of them, a bounded queue, and a deadline for reading
 * each request. The JDK's server reads a request's headers and body on these threads with blocking
 * reads and no timeout of its own, so a client that sends {@code Content-Length: 1000} and then
 * nothing would hold a thread for as long as it likes; a few such clients would freeze the API.
 *
 * <p>Each task gets {@link #readTimeout} to read its request: the handler calls {@link
 * #requestRead()} once it has the whole body, and a task still reading at the deadline is
 * interrupted, which closes its connection (the server's channels are interruptible). When every
 * thread is busy and the queue is full, the server closes the new connection at once rather than
 * queueing it without bound.
 */
final class RequestExecutor implements Executor, AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService deadlines;
  private final Duration readTimeout;
  private final ThreadLocal<Reading> current = new ThreadLocal<>();

  RequestExecutor(int threads, int queued, Duration readTimeout) {
    this.readTimeout = readTimeout;
    AtomicInteger count = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queued),
            runnable -> daemon(runnable, "sample-api-" + count.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "sample-api-deadlines"));
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Runs the server's task for one request; throws {@link
   * java.util.concurrent.RejectedExecutionException} when full, on which the server closes the
   * connection.
   */
  @Override
  public void execute(Runnable exchange) {
    workers.execute(() -> runWithDeadline(exchange));
  }

  /** Tells the deadline that this thread's request has been read: answering it has no deadline. */
  void requestRead() {
    Reading reading = current.get();
    if (reading != null) {
      reading.done();
    }
  }

  private void runWithDeadline(Runnable exchange) {
    Reading reading = new Reading(Thread.currentThread());
    current.set(reading);
    ScheduledFuture<?> deadline =
        deadlines.schedule(reading::expire, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      exchange.run();
    } finally {
      reading.done();
      deadline.cancel(false);
      current.remove();
      // An interrupt that raced with the end of the task must not reach the next one.
      Thread.interrupted();
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    deadlines.shutdownNow();
  }

  /** One task's read phase; the deadline interrupts its thread only while it is still reading. */
  private static final class Reading {
    private final Thread thread;
    private boolean done;

    Reading(Thread thread) {
      this.thread = thread;
    }

    synchronized void done() {
      done = true;
    }

    synchronized void expire() {
      if (!done) {
        done = true;
        thread.interrupt();
      }
    }
  }
}
