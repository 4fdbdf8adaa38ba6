package dev.overtime.cli.command;

import dev.overtime.cli.Terminal;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.ProgressBar;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.RunLog;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows one run until it ends: prints its log as it grows and, on a terminal, keeps a live status
 * line under it: state, elapsed time and, once the job reports progress, a bar with its percentage,
 * message and an estimate of the time left. Piped output gets the log lines, and a plain {@code
 * [progress] …} line each time the progress crosses a tenth (at most eleven per run).
 */
final class RunWatch {
  private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

  private final HomeRuns runs;
  private final PrintWriter log;
  private final Terminal terminal;
  private final Instant started = Instant.now();
  private int frame;
  private boolean statusShown;
  private int plainTenth = -1;
  private final int columns = columns();

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
        printPlainProgress(run);
        log.flush();
        return run;
      }
      if (!done) {
        printPlainProgress(run);
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
    String head = spinner() + " " + run.job() + " " + run.id() + "  ";
    Optional<RunProgress> progress = run.details().progress();
    String line;
    if (progress.isPresent() && run.status() == RunStatus.RUNNING) {
      line = progressLine(run, progress.get(), since);
    } else {
      line = head + run.status() + "  " + ElapsedTime.between(since, null);
    }
    log.print("\r\033[2K\033[2m" + line + "\033[0m");
    statusShown = true;
  }

  /**
   * {@code ⠋ transcode ▕████▌ ▏ 42% second 4 of 10 4.2s elapsed, about 5.8s left}: without the run
   * id (the command names it) and with the message cut, so that the line fits the terminal's width
   * ({@code COLUMNS}, else 80) and redraws in place instead of wrapping.
   */
  private String progressLine(RunRecord run, RunProgress p, Instant since) {
    String head = spinner() + " " + run.job() + " ";
    String bar =
        ProgressBar.bar(p.fraction(), ProgressBar.WIDTH) + " " + ProgressBar.percent(p.fraction());
    String times = ProgressBar.times(p, since, Instant.now());
    int room = columns - 1 - head.length() - bar.length() - 2 - times.length() - 2;
    String message = room < 4 || p.message().isEmpty() ? "" : cut(p.message(), room) + "  ";
    return head + "\033[0m" + bar + "\033[2m  " + message + times;
  }

  private String spinner() {
    return SPINNER[frame++ % SPINNER.length];
  }

  private static int columns() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
      return columns >= 20 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Off a terminal: one line each time the progress reaches another tenth, and at 100%. */
  private void printPlainProgress(RunRecord run) {
    if (terminal.isInteractive()) {
      return;
    }
    Optional<RunProgress> progress = run.details().progress();
    if (progress.isEmpty()) {
      return;
    }
    int tenth = (int) Math.floor(progress.get().fraction() * 10);
    if (tenth <= plainTenth) {
      return;
    }
    plainTenth = tenth;
    log.println(
        "[progress] "
            + ProgressBar.summary(
                progress.get(),
                run.startedAt(),
                run.finishedAt() != null ? run.finishedAt() : Instant.now()));
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  private void clearStatus() {
    if (statusShown) {
      log.print("\r\033[2K");
      statusShown = false;
    }
  }
}
