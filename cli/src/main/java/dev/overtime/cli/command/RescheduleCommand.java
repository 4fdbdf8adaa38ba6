package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime reschedule <runId> --at <instant>|--in <duration>}: moves a delayed run. */
@Command(
    name = "reschedule",
    mixinStandardHelpOptions = true,
    description = {
      "Move the start time of a run that has not started (DELAYED, or QUEUED and never started).",
      "A time that has come queues it at once. Its time to live, if it has one, counts again from",
      "the new time. A run that has started or ended cannot be rescheduled."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime reschedule 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 --at 2026-12-24T18:00:00Z",
      "  overtime reschedule 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 --in 0s --json",
      "",
      "Exit codes: 0 rescheduled, 2 bad option, 6 no such run, 9 the run has started or ended."
    })
public final class RescheduleCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run id.")
  private String runId;

  @Option(
      names = "--at",
      paramLabel = "<instant>",
      description = "The new start time, an ISO-8601 instant, e.g. 2026-12-24T18:00:00Z.")
  private String at;

  @Option(
      names = "--in",
      paramLabel = "<duration>",
      description = "The new start time as a delay from now, e.g. 10m, 90s, 2h, PT1H30M, 0s.")
  private String in;

  @Option(names = "--json", description = "Print the run as JSON afterwards (docs/cli.md).")
  private boolean json;

  @Override
  public Integer call() {
    if ((at == null) == (in == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "give exactly one of --at <instant> and --in <duration>, e.g. --in 10m");
    }
    Instant startAt =
        at != null
            ? TimeArguments.instant(spec.commandLine(), "--at", at)
            : Instant.now().plus(TimeArguments.duration(spec.commandLine(), "--in", in, true));
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (HomeRuns runs = root.openRuns()) {
      RunRecord run;
      try {
        run = runs.reschedule(runId, startAt);
      } catch (IllegalStateException | UnsupportedOperationException e) {
        throw new CommandFailure(ExitStatus.CONFLICT, e.getMessage(), e);
      }
      if (json) {
        JsonOutput.print(out, RunJson.of(run));
      } else {
        out.println(
            "Run "
                + run.id()
                + " of "
                + run.job()
                + " ("
                + run.status()
                + ") starts at "
                + ElapsedTime.local(run.details().startAt().orElse(startAt))
                + run.details()
                    .expiresAt()
                    .map(expiry -> ", expires at " + ElapsedTime.local(expiry))
                    .orElse("")
                + ".");
      }
      out.flush();
      return 0;
    }
  }
}
