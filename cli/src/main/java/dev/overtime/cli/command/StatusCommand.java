package dev.overtime.cli.command;

import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.ProgressBar;
import dev.overtime.cli.output.RunDuration;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime status <runId>}: one run in detail, with its result or error. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show one run: status, attempt, times, the schedule that fired it, its latest progress,"
            + " and its result or error.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime status 01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
      "  overtime status 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 --json",
      "",
      "Exit codes: 0 the run exists (whatever its status), 6 no such run."
    })
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<runId>",
      description = "The run id, as 'overtime runs' lists it.")
  private String runId;

  @Option(names = "--json", description = "Print the run as JSON (docs/cli.md).")
  private boolean json;

  /**
   * The command for one run, for {@code dev.overtime.cli.DirectCommands}, which runs it without
   * picocli ({@link #print}).
   */
  public static StatusCommand of(OvertimeCommand root, String runId, boolean json) {
    StatusCommand command = new StatusCommand();
    command.root = root;
    command.runId = runId;
    command.json = json;
    return command;
  }

  @Override
  public Integer call() {
    return print(spec.commandLine().getOut());
  }

  /**
   * Shows the run on {@code out}; returns the exit code.
   *
   * @throws UnknownRunId if there is no such run
   */
  public int print(PrintWriter out) {
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    try (HomeRuns runs = root.openRunsReadOnly()) {
      RunRecord run = runs.get(runId);
      if (json) {
        JsonOutput.print(out, RunJson.withReruns(RunJson.of(run), runs.rerunsOf(run.id())));
        return 0;
      }
      print(out, run, runs.rerunsOf(run.id()), runs.logLocation(run.id()));
      return 0;
    }
  }

  /**
   * The run as {@code status} prints it, one {@code Label value} line each; {@code reruns} are the
   * ids of its re-runs and {@code log} where its log is.
   */
  static void print(PrintWriter out, RunRecord run, List<String> reruns, String log) {
    line(out, "Run", run.id());
    line(out, "Job", run.job());
    line(out, "Status", run.status().name());
    line(out, "Attempt", String.valueOf(run.attempt()));
    line(out, "Created", ElapsedTime.local(run.createdAt()));
    run.details().schedule().ifPresent(schedule -> line(out, "Schedule", scheduled(run)));
    run.details().startAt().ifPresent(at -> line(out, "Start at", ElapsedTime.local(at)));
    run.details().expiresAt().ifPresent(at -> line(out, "Expires", ElapsedTime.local(at)));
    line(out, "Started", ElapsedTime.local(run.startedAt()));
    line(out, "Finished", ElapsedTime.local(run.finishedAt()));
    int attempts = run.details().attempts().size();
    line(
        out,
        "Duration",
        RunDuration.total(run) + (attempts > 1 ? " (" + attempts + " attempts)" : ""));
    for (AttemptSpan span : attempts > 1 ? run.details().attempts() : List.<AttemptSpan>of()) {
      line(
          out,
          "Attempt " + span.attempt(),
          ElapsedTime.between(span.startedAt(), span.endedAt())
              + " "
              + (span.status() == null ? "running" : span.status().name())
              + ", started "
              + ElapsedTime.local(span.startedAt()));
    }
    run.details().progress().ifPresent(progress -> progress(out, run, progress));
    if (run.resultJson() != null) {
      line(out, "Result", run.resultJson());
    }
    if (run.error() != null) {
      line(out, "Error", run.error().toString());
    }
    if (run.details().priority() != 0) {
      line(out, "Priority", String.valueOf(run.details().priority()));
    }
    run.details().rerunOf().ifPresent(original -> line(out, "Re-run of", original));
    if (!reruns.isEmpty()) {
      line(out, "Re-run as", String.join(", ", reruns));
    }
    line(out, "Log", log);
    out.flush();
  }

  /**
   * {@code factorial#0, fire of 2026-12-02T01:30:00Z}: the schedule and the instant it fired for.
   */
  private static String scheduled(RunRecord run) {
    return run.details().schedule().orElseThrow()
        + run.details().scheduledFor().map(fire -> ", fire of " + fire).orElse("");
  }

  /** {@code Progress ▕████▌ ▏ 42% second 4 of 10}, and the time left while it runs. */
  private static void progress(PrintWriter out, RunRecord run, RunProgress progress) {
    String text =
        ProgressBar.bar(progress.fraction(), ProgressBar.WIDTH)
            + " "
            + ProgressBar.percent(progress.fraction())
            + (progress.message().isEmpty() ? "" : " " + progress.message())
            + " (at "
            + ElapsedTime.local(progress.reportedAt())
            + ")";
    line(out, "Progress", text);
    if (run.status() == RunStatus.RUNNING) {
      ProgressBar.timeLeft(progress, run.startedAt(), Instant.now())
          .ifPresent(left -> line(out, "Left", "about " + ElapsedTime.format(left)));
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(String.format("%-9s %s", label, value == null || value.isEmpty() ? "-" : value));
  }
}
