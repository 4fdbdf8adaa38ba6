package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Works for {@code millis}, honouring cancel, and leaves {@code <runId>-<attempt>.marker} holding
 * {@code pid <pid>}, {@code child <pid>} (if it spawned one), {@code start <ms>} and, if it
 * finished its work, {@code end <ms>}; and appends a line to {@code <runId>.executions} each time
 * the handler runs. Returns the milliseconds it slept.
 */
@JobHandler(value = "local-sleep", timeout = "300 seconds", memory = "128 MB")
public final class Sleep implements Job<Nap, Long> {
  @Override
  public Long run(Nap payload, JobContext context) throws Exception {
    Path marker =
        Path.of(payload.markerDirectory())
            .resolve(context.runId() + "-" + context.attempt() + ".marker");
    StringBuilder lines = new StringBuilder("pid " + ProcessHandle.current().pid() + "\n");
    Process child = null;
    if (payload.spawnChild()) {
      child = new ProcessBuilder("sleep", "300").start();
      lines.append("child ").append(child.pid()).append('\n');
    }
    // One line per execution of the handler, never overwritten: tests count them.
    Files.writeString(
        Path.of(payload.markerDirectory()).resolve(context.runId() + ".executions"),
        context.attempt() + " " + ProcessHandle.current().pid() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    long start = System.currentTimeMillis();
    lines.append("start ").append(start).append('\n');
    Files.writeString(marker, lines.toString(), StandardCharsets.UTF_8);
    context.log("sleeping " + payload.millis() + " ms");
    try {
      long until = start + payload.millis();
      while (System.currentTimeMillis() < until) {
        if (context.isCancelled()) {
          throw new InterruptedException("cancelled");
        }
        Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
      }
    } finally {
      if (child != null && !context.isCancelled()) {
        child.destroy();
      }
    }
    Files.writeString(
        marker,
        "end " + System.currentTimeMillis() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    return payload.millis();
  }
}
