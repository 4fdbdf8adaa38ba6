package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.runtime.RunRecord;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code overtime rerun <runId>}: a new run of the same job with the same payload, linked to the
 * original.
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description = {
      "Start a new run of the same job with the same payload as <runId>.",
      "The new run has its own id and names the original ('Re-run of' in overtime status);",
      "the original lists it ('Re-run as'). It runs as the original did (class path, memory,",
      "timeout, retries, priority), queued like any new run; any run may be re-run."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime rerun 01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
      "  overtime rerun 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 --json",
      "",
      "Exit codes: 0 the new run was recorded, 2 the engine cannot re-run runs, 6 no such run."
    })
public final class RerunCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run to run again.")
  private String runId;

  @Option(names = "--json", description = "Print the new run as JSON (docs/cli.md).")
  private boolean json;

  @Override
  public Integer call() {
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (HomeRuns runs = root.openRuns()) {
      RunRecord rerun;
      try {
        rerun = runs.rerun(runId);
      } catch (UnsupportedOperationException e) {
        throw new CommandFailure(ExitStatus.BAD_INPUT, e.getMessage(), e);
      }
      if (json) {
        JsonOutput.print(out, RunJson.of(rerun));
      } else {
        out.println("Run " + rerun.id() + " of " + rerun.job() + " re-runs " + runId + ".");
        String home = root.followUpOptions();
        out.println("  status: overtime status " + rerun.id() + home);
        out.println("  follow: overtime logs " + rerun.id() + " -f" + home);
      }
      out.flush();
      return 0;
    }
  }
}
