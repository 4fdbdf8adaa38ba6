package dev.overtime.cli.command;

import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.RunDuration;
import dev.overtime.runtime.AttemptSpan;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
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
    description = "Show one run: status, attempt, times, and its result or error.",
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

  @Override
  public Integer call() {
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    try (HomeRuns runs = root.openRunsReadOnly()) {
      RunRecord run = runs.get(runId);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonOutput.print(out, RunJson.of(run));
        return 0;
      }
      line(out, "Run", run.id());
      line(out, "Job", run.job());
      line(out, "Status", run.status().name());
      line(out, "Attempt", String.valueOf(run.attempt()));
      line(out, "Created", ElapsedTime.local(run.createdAt()));
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
      if (run.resultJson() != null) {
        line(out, "Result", run.resultJson());
      }
      if (run.error() != null) {
        line(out, "Error", run.error().toString());
      }
      line(out, "Log", runs.logFile(run.id()).toString());
      out.flush();
      return 0;
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(String.format("%-9s %s", label, value == null || value.isEmpty() ? "-" : value));
  }
}
