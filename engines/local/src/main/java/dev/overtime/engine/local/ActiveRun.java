package dev.overtime.engine.local;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * An attempt whose process the supervisor watches: started by it, or adopted from a dead one.
 * {@code process} is null for an adopted attempt whose process cannot be found by pid (it is then
 * watched through its lock only).
 */
final class ActiveRun {
  final String id;
  final String job;
  final int attempt;
  final ProcessHandle process;
  final Duration retryBase;
  final Duration grace;
  volatile ScheduledFuture<?> timeout;
  volatile ClassDataArchive.Dump classDataDump;
  volatile boolean signalled;

  ActiveRun(
      String id,
      String job,
      int attempt,
      ProcessHandle process,
      Duration retryBase,
      Duration grace) {
    this.id = id;
    this.job = job;
    this.attempt = attempt;
    this.process = process;
    this.retryBase = retryBase;
    this.grace = grace;
  }
}
