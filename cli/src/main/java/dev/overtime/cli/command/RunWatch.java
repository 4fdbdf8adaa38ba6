package dev.overtime.cli.command;

import dev.overtime.cli.Terminal;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.RunLog;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * Follows one run until it ends: prints its log as it grows and, on a terminal, keeps a live status
 * line (state and elapsed time) under it. Piped output gets the log lines only.
 */
final class RunWatch {
  private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

  private final HomeRuns runs;
  private final PrintWriter log;
  private final Terminal terminal;
  private final Instant started = Instant.now();
  private int frame;
  private boolean statusShown;

  /** Prints the log to {@code log}; a status line only when {@code terminal} is interactive. */
  RunWatch(HomeRuns runs, PrintWriter log, Terminal terminal) {
    this.runs = runs;
    this.log = log;
    this.terminal = terminal;
  }

  /** Blocks until the run is terminal and returns its final record. */
  RunRecord follow(String runId) throws InterruptedException {
    RunLog source = runs.log(runId);
    while (true) {
      RunRecord run = runs.get(runId);
      boolean done = run.status().isTerminal();
      String text = source.next(done);
      if (!text.isEmpty()) {
        clearStatus();
        log.print(text);
        if (done && !text.endsWith("\n")) {
          log.println();
        }
      }
      if (done && text.isEmpty()) {
        clearStatus();
        log.flush();
        return run;
      }
      if (!done) {
        showStatus(run);
        log.flush();
        Thread.sleep(runs.pollInterval().toMillis());
      }
    }
  }

  private void showStatus(RunRecord run) {
    if (!terminal.isInteractive()) {
      return;
    }
    Instant since = run.startedAt() != null ? run.startedAt() : started;
    String line =
        SPINNER[frame++ % SPINNER.length]
            + " "
            + run.job()
            + " "
            + run.id()
            + "  "
            + run.status()
            + "  "
            + ElapsedTime.between(since, null);
    log.print("\r\033[2K\033[2m" + line + "\033[0m");
    statusShown = true;
  }

  private void clearStatus() {
    if (statusShown) {
      log.print("\r\033[2K");
      statusShown = false;
    }
  }
}
