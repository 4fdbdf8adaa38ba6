package dev.overtime.bootstrap;

import dev.overtime.JobContext;
import dev.overtime.contract.ProgressDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.internal.BlobStores;
import dev.overtime.runtime.spi.BlobStore;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Stores the handler's progress at {@code OVERTIME_PROGRESS_URI} without ever making the handler
 * wait for a write: {@link #report} only keeps the latest value, and a daemon thread ({@code
 * overtime-progress}) writes it, at most every {@link RunContract#PROGRESS_INTERVAL_MILLIS} ms, so
 * a hot loop cannot flood the store (a local file, an S3 object). {@link #flush} writes whatever is
 * pending when the handler has returned, before the outcome. A write that fails is reported once on
 * standard error and does not affect the run.
 */
final class ProgressWriter {
  private static final long INTERVAL_NANOS =
      TimeUnit.MILLISECONDS.toNanos(RunContract.PROGRESS_INTERVAL_MILLIS);

  private final URI target;
  private final String runId;
  private final int attempt;
  private final PrintStream err;
  private final Object lock = new Object();
  private final Object writeLock = new Object();

  // Guarded by lock.
  private Pending pending;
  private long sequence;
  private Thread thread;
  private boolean flushed;

  // Guarded by writeLock.
  private long written;
  private BlobStore store;
  private boolean warned;
  private long lastWriteNanos = System.nanoTime() - INTERVAL_NANOS;

  private record Pending(long sequence, ProgressDocument.Report report) {}

  ProgressWriter(URI target, String runId, int attempt, PrintStream err) {
    this(target, null, runId, attempt, err);
  }

  /** Writes through {@code store}, or the store of the target's scheme when it is null. */
  ProgressWriter(URI target, BlobStore store, String runId, int attempt, PrintStream err) {
    this.target = target;
    this.store = store;
    this.runId = runId;
    this.attempt = attempt;
    this.err = err;
  }

  /** Keeps this report as the latest; it is written within the interval. */
  void report(double fraction, String message) {
    String text = message == null ? "" : message;
    if (text.length() > JobContext.PROGRESS_MESSAGE_LIMIT) {
      text = text.substring(0, JobContext.PROGRESS_MESSAGE_LIMIT);
    }
    ProgressDocument.Report report =
        new ProgressDocument.Report(runId, attempt, fraction, text, Instant.now());
    synchronized (lock) {
      if (flushed) {
        return;
      }
      boolean wasIdle = pending == null;
      pending = new Pending(++sequence, report);
      if (thread == null) {
        thread = new Thread(this::writeLoop, "overtime-progress");
        thread.setDaemon(true);
        thread.start();
      } else if (wasIdle) {
        lock.notifyAll();
      }
    }
  }

  /** Writes the pending report, if any, and stops; later reports are dropped. */
  void flush() {
    Pending last;
    synchronized (lock) {
      flushed = true;
      last = pending;
      pending = null;
      lock.notifyAll();
    }
    if (last != null) {
      write(last);
    }
  }

  private void writeLoop() {
    while (true) {
      Pending next;
      synchronized (lock) {
        try {
          while (pending == null && !flushed) {
            lock.wait();
          }
          long wait;
          while (!flushed && (wait = nanosUntilNextWrite()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(lock, wait);
          }
        } catch (InterruptedException e) {
          return;
        }
        if (flushed) {
          return;
        }
        next = pending;
        pending = null;
      }
      write(next);
    }
  }

  private long nanosUntilNextWrite() {
    synchronized (writeLock) {
      return lastWriteNanos + INTERVAL_NANOS - System.nanoTime();
    }
  }

  private void write(Pending report) {
    synchronized (writeLock) {
      if (report.sequence() <= written) {
        return; // a newer report is already stored
      }
      try {
        if (store == null) {
          store = BlobStores.forUri(target);
        }
        store.write(target, ProgressDocument.write(report.report()));
        written = report.sequence();
      } catch (Exception | LinkageError e) {
        if (!warned) {
          warned = true;
          err.println(
              "[overtime] could not store the progress of run "
                  + runId
                  + " at "
                  + RunContract.PROGRESS_URI
                  + "="
                  + target
                  + " ("
                  + e
                  + "); the run goes on without showing progress");
        }
      } finally {
        lastWriteNanos = System.nanoTime();
      }
    }
  }
}
