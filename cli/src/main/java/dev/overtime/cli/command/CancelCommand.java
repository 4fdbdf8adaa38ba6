package dev.overtime.cli.command;

import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import dev.overtime.tooling.runs.UnknownRunId;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code overtime cancel <runId>}: stops a queued or running run, from any process; {@code overtime
 * cancel --job J --status S --tag T --yes}: stops every queued or running run that matches.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a queued or running run, or every one that matches --job, --status and --tag.",
      "A queued run never starts; a running one gets SIGTERM (the job sees isCancelled()),",
      "then SIGKILL after the grace period. A finished run is left as it is.",
      "Cancelling many asks first on a terminal; scripts pass --yes (without it, on a",
      "non-terminal, the command only says how many it would cancel, and exits 2)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime cancel 01JDX4Q2M8Z1T5V7W9Y0A2B4C6",
      "  overtime cancel 01JDX4Q2M8Z1T5V7W9Y0A2B4C6 --json",
      "  overtime cancel --job transcode --status QUEUED --tag customer:42",
      "  overtime cancel --tag nightly --yes --json",
      "",
      "Exit codes: 0 cancelled or already finished (or nothing matched), 2 bad input or many",
      "  runs without --yes on a non-terminal, 6 no such run."
    })
public final class CancelCommand implements Callable<Integer> {
  static final Duration SETTLE = Duration.ofSeconds(20);

  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<runId>",
      description = "The run id; leave it out to cancel the runs --job, --status and --tag match.")
  private String runId;

  @Option(names = "--job", paramLabel = "<job>", description = "Cancel the runs of this job.")
  private String job;

  @Option(
      names = "--status",
      paramLabel = "<status>",
      description = "Cancel the runs in this status: QUEUED or RUNNING (default: both).")
  private RunStatus status;

  @Option(names = "--tag", paramLabel = "<tag>", description = "Cancel the runs with this tag.")
  private String tag;

  @Option(
      names = {"--yes", "-y"},
      description = "Cancel the matching runs without asking (for scripts).")
  private boolean yes;

  @Option(
      names = "--json",
      description = "Print the run (or {\"count\",\"runs\"} for many) as JSON (docs/cli.md).")
  private boolean json;

  @Override
  public Integer call() throws InterruptedException {
    boolean filtered = job != null || status != null || tag != null;
    if (runId == null) {
      if (!filtered) {
        throw new ParameterException(
            spec.commandLine(),
            "Give a run id, or --job, --status and/or --tag to cancel the runs they match.");
      }
      return new BulkCancel(root, spec.commandLine(), job, status, tag, yes, json).call();
    }
    if (filtered || yes) {
      throw new ParameterException(
          spec.commandLine(),
          "Give either a run id or --job/--status/--tag (with --yes), not both.");
    }
    if (!root.recordsExist()) {
      throw new UnknownRunId(runId, root.home());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (HomeRuns runs = root.openRuns()) {
      RunRecord before = runs.get(runId);
      RunRecord after = before.status().isTerminal() ? before : settle(runs, runs.cancel(runId));
      if (json) {
        JsonOutput.print(out, RunJson.of(after));
      } else if (before.status().isTerminal()) {
        out.println(
            "Run "
                + before.id()
                + " of "
                + before.job()
                + " had already ended: "
                + before.status()
                + ". Nothing to cancel.");
      } else if (after.status().isTerminal()) {
        out.println("Run " + after.id() + " of " + after.job() + ": " + after.status() + ".");
      } else {
        out.println(
            "Cancel requested; run "
                + after.id()
                + " of "
                + after.job()
                + " is still "
                + after.status()
                + " after "
                + SETTLE.toSeconds()
                + " s. Check it with: overtime status "
                + after.id());
      }
      out.flush();
      return 0;
    }
  }

  // The engine signals the process; its final state follows once the process has exited.
  private static RunRecord settle(HomeRuns runs, RunRecord run) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!run.status().isTerminal() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      run = runs.get(run.id());
    }
    return run;
  }
}
