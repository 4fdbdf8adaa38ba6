package dev.overtime.engine.local;

import java.time.Instant;
import java.util.Optional;

/**
 * A process named by pid and start time, so that a pid reused by the operating system for another
 * process is not mistaken for the original (another JVM may check it long after it was recorded).
 *
 * @param pid the process id
 * @param startMillis when the process started, epoch milliseconds, or 0 when the OS does not say
 */
record ProcessIdentity(long pid, long startMillis) {
  /** Start times of one process, read twice, may differ by the OS clock-tick rounding. */
  private static final long START_TOLERANCE_MILLIS = 1_000;

  static ProcessIdentity of(ProcessHandle handle) {
    return new ProcessIdentity(handle.pid(), startMillis(handle));
  }

  static ProcessIdentity current() {
    return of(ProcessHandle.current());
  }

  /** The live process with this identity, if it is still running. */
  Optional<ProcessHandle> find() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
  }

  boolean isAlive() {
    return find().isPresent();
  }

  private boolean sameStart(ProcessHandle handle) {
    if (startMillis == 0) {
      return true;
    }
    long actual = startMillis(handle);
    return actual == 0 || Math.abs(actual - startMillis) <= START_TOLERANCE_MILLIS;
  }

  private static long startMillis(ProcessHandle handle) {
    return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
