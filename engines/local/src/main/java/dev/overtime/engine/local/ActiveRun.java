package dev.overtime.engine.local;

import java.util.concurrent.ScheduledFuture;

/** An attempt whose process this engine watches: started by it, or adopted from a dead engine. */
final class ActiveRun {
  final String id;
  final String job;
  final int attempt;
  final ProcessHandle process;
  volatile ScheduledFuture<?> timeout;
  volatile ClassDataArchive.Dump classDataDump;

  ActiveRun(String id, String job, int attempt, ProcessHandle process) {
    this.id = id;
    this.job = job;
    this.attempt = attempt;
    this.process = process;
  }
}
