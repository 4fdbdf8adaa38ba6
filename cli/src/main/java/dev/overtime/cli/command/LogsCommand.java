package dev.overtime.cli.command;

import dev.overtime.cli.OvertimeCommand;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.RunLog;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime logs <runId> [-f]}: a run's output (stdout and stderr of its process). */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print a run's log; -f follows it until the run ends, with a live progress bar on a"
          + " terminal.",
      "The log is the combined stdout and stderr of the run's process."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime logs 01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
      "  overtime logs 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 -f",
      "",
      "Exit codes: 0 printed, 6 no such run."
    })
public final class LogsCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run id.")
  private String runId;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until the run ends.")
  private boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (HomeRuns runs = root.openRunsReadOnly()) {
      if (follow) {
        new RunWatch(runs, out, root.terminal()).follow(runId);
        return 0;
      }
      RunLog log = runs.log(runId);
      while (true) {
        String text = log.next(true);
        if (text.isEmpty()) {
          break;
        }
        out.print(text);
      }
      out.flush();
      return 0;
    }
  }
}
