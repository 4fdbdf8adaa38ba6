package dev.overtime.cli.command;

import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.Table;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.runs.HomeRuns;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime runs}: the runs recorded under the home, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "List runs, newest first.",
      "Every run under OVERTIME_HOME, whichever process started it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime runs",
      "  overtime runs --job transcode --status RUNNING --limit 5",
      "  overtime runs --tag customer:42",
      "  overtime runs --json --home /srv/app/.overtime"
    })
public final class RunsCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Option(names = "--job", paramLabel = "<job>", description = "Only runs of this job.")
  private String job;

  @Option(
      names = "--status",
      paramLabel = "<status>",
      description = "Only runs in this status: ${COMPLETION-CANDIDATES}.")
  private RunStatus status;

  @Option(names = "--tag", paramLabel = "<tag>", description = "Only runs with this tag.")
  private String tag;

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "At most this many runs (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(names = "--json", description = "Print a JSON array of runs (docs/cli.md).")
  private boolean json;

  /**
   * The command with these options, for {@code dev.overtime.cli.DirectCommands}, which runs it
   * without picocli ({@link #print}).
   *
   * @param limit at least 1
   */
  public static RunsCommand of(
      OvertimeCommand root, String job, RunStatus status, String tag, int limit, boolean json) {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
    }
    RunsCommand command = new RunsCommand();
    command.root = root;
    command.job = job;
    command.status = status;
    command.tag = tag;
    command.limit = limit;
    command.json = json;
    return command;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
    return print(spec.commandLine().getOut());
  }

  /** Lists the runs on {@code out}; returns the exit code. */
  public int print(PrintWriter out) {
    List<RunRecord> list;
    String where = root.home().toString();
    if (!root.recordsExist()) {
      list = List.of();
    } else {
      try (HomeRuns runs = root.openRunsReadOnly()) {
        list = runs.list(job, status, tag, limit);
        where = runs.where();
      }
    }
    if (json) {
      JsonOutput.print(out, list.stream().map(run -> RunJson.of(run, false)).toList());
      return 0;
    }
    if (list.isEmpty()) {
      out.println(
          "No runs"
              + (job == null ? "" : " of " + job)
              + (status == null ? "" : " in " + status)
              + (tag == null ? "" : " tagged " + tag)
              + " under "
              + where
              + ".");
      out.flush();
      return 0;
    }
    table(list).print(out);
    return 0;
  }

  /**
   * The runs as a table: {@code RUN ID, JOB, STATUS, ATTEMPT, CREATED, DURATION}, then {@code TAGS}
   * when a listed run has tags and {@code SCHEDULE} ({@code factorial#0 @ 2026-12-02T01:30:00Z}:
   * the schedule that fired the run and the fire's instant) when a schedule fired one. Scripts
   * parse the first columns: new ones go at the end.
   */
  static Table table(List<RunRecord> list) {
    boolean tagged = list.stream().anyMatch(run -> !run.details().tags().isEmpty());
    boolean scheduled = list.stream().anyMatch(run -> run.details().schedule().isPresent());
    List<String> headers =
        new ArrayList<>(List.of("RUN ID", "JOB", "STATUS", "ATTEMPT", "CREATED", "DURATION"));
    if (tagged) {
      headers.add("TAGS");
    }
    if (scheduled) {
      headers.add("SCHEDULE");
    }
    Table table = new Table(headers.toArray(String[]::new));
    for (RunRecord run : list) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  run.id(),
                  run.job(),
                  statusCell(run),
                  String.valueOf(run.attempt()),
                  ElapsedTime.local(run.createdAt()),
                  ElapsedTime.between(run.startedAt(), run.finishedAt())));
      if (tagged) {
        cells.add(String.join(",", run.details().tags()));
      }
      if (scheduled) {
        cells.add(scheduleCell(run));
      }
      table.row(cells.toArray(String[]::new));
    }
    return table;
  }

  /** {@code factorial#0 @ 2026-12-02T01:30:00Z}, or empty for a run no schedule fired. */
  private static String scheduleCell(RunRecord run) {
    return run.details()
        .schedule()
        .map(
            schedule ->
                schedule + run.details().scheduledFor().map(fire -> " @ " + fire).orElse(""))
        .orElse("");
  }

  /**
   * The status, and for a delayed run when it starts: {@code DELAYED until 2026-12-24 18:00:00}.
   */
  private static String statusCell(RunRecord run) {
    if (run.status() == RunStatus.DELAYED && run.details().startAt().isPresent()) {
      return "DELAYED until " + ElapsedTime.local(run.details().startAt().get());
    }
    return run.status().name();
  }
}
