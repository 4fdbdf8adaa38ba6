package dev.overtime.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.ActiveRuns;
import dev.overtime.tooling.runs.HomeRuns;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code overtime cancel --job J --status S --tag T}: cancels every queued or running run the
 * filters match. It asks first on a terminal; {@code --yes} skips the question, and without it on a
 * non-terminal nothing is cancelled: the command says how many runs it would cancel and exits 2.
 * Every cancel is requested first, then the command waits (up to {@link CancelCommand#SETTLE}) for
 * the running ones to end.
 */
final class BulkCancel {
  private final OvertimeCommand root;
  private final CommandLine commandLine;
  private final String job;
  private final RunStatus status;
  private final String tag;
  private final boolean yes;
  private final boolean json;

  BulkCancel(
      OvertimeCommand root,
      CommandLine commandLine,
      String job,
      RunStatus status,
      String tag,
      boolean yes,
      boolean json) {
    this.root = root;
    this.commandLine = commandLine;
    this.job = job;
    this.status = status;
    this.tag = tag;
    this.yes = yes;
    this.json = json;
  }

  int call() throws InterruptedException {
    if (status != null && status.isTerminal()) {
      throw new ParameterException(
          commandLine,
          "--status "
              + status
              + " matches runs that already ended; only QUEUED or RUNNING runs can be cancelled.");
    }
    PrintWriter out = commandLine.getOut();
    if (!root.recordsExist()) {
      return report(out, List.of(), 0);
    }
    try (HomeRuns runs = root.openRuns()) {
      List<RunRecord> matched = matching(runs);
      if (matched.isEmpty()) {
        return report(out, List.of(), 0);
      }
      if (!yes && !confirmed(out, matched.size())) {
        throw new CommandFailure(
            ExitStatus.BAD_INPUT,
            matched.size()
                + " run"
                + (matched.size() == 1 ? "" : "s")
                + " "
                + description()
                + " would be cancelled; nothing was. Pass --yes to cancel them.");
      }
      List<RunRecord> settled = settle(runs, ActiveRuns.requestCancel(runs, matched));
      int going = (int) settled.stream().filter(run -> !run.status().isTerminal()).count();
      return report(out, settled, going);
    }
  }

  private List<RunRecord> matching(HomeRuns runs) {
    return ActiveRuns.matching(runs, job, status, tag);
  }

  private boolean confirmed(PrintWriter out, int count) {
    Console console = System.console();
    if (!root.terminal().isInteractive() || console == null) {
      return false;
    }
    out.print(
        "Cancel " + count + " run" + (count == 1 ? "" : "s") + " " + description() + "? [y/N] ");
    out.flush();
    String answer = console.readLine();
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  private String description() {
    StringBuilder text = new StringBuilder(status == null ? "queued or running" : "in " + status);
    if (job != null) {
      text.append(" of job ").append(job);
    }
    if (tag != null) {
      text.append(" tagged ").append(tag);
    }
    return text.toString();
  }

  private static List<RunRecord> settle(HomeRuns runs, List<RunRecord> cancelled)
      throws InterruptedException {
    long deadline = System.nanoTime() + CancelCommand.SETTLE.toNanos();
    List<RunRecord> latest = new ArrayList<>(cancelled);
    while (System.nanoTime() < deadline) {
      boolean going = false;
      for (int i = 0; i < latest.size(); i++) {
        if (!latest.get(i).status().isTerminal()) {
          latest.set(i, runs.get(latest.get(i).id()));
          going |= !latest.get(i).status().isTerminal();
        }
      }
      if (!going) {
        break;
      }
      Thread.sleep(100);
    }
    return latest;
  }

  private int report(PrintWriter out, List<RunRecord> runs, int going) {
    if (json) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("count", runs.size());
      ArrayNode list = body.putArray("runs");
      runs.forEach(run -> list.add(RunJson.of(run, false)));
      JsonOutput.print(out, body);
      return 0;
    }
    if (runs.isEmpty()) {
      out.println("No runs " + description() + " under " + root.home() + "; nothing to cancel.");
    } else if (going == 0) {
      out.println(
          "Cancelled "
              + runs.size()
              + " run"
              + (runs.size() == 1 ? "" : "s")
              + " "
              + description()
              + ".");
    } else {
      out.println(
          "Cancelled "
              + (runs.size() - going)
              + " of "
              + runs.size()
              + " runs "
              + description()
              + "; "
              + going
              + " still stopping after "
              + CancelCommand.SETTLE.toSeconds()
              + " s. Check them with: overtime runs --status RUNNING");
    }
    out.flush();
    return 0;
  }
}
