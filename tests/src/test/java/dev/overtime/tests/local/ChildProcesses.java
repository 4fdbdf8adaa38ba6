package dev.overtime.tests.local;

import java.util.Collection;

/** Ends the processes a test started, so that none outlives it. */
final class ChildProcesses {
  private ChildProcesses() {}

  /** SIGKILL to every descendant of this JVM (only tests in this fork start processes). */
  static void killDescendants() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGKILL to the given pids, if still alive (processes re-parented away from this JVM). */
  static void kill(Collection<Long> pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
