package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.Terminal;
import dev.overtime.cli.app.AppOptions;
import dev.overtime.cli.output.ElapsedTime;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.RunDuration;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.json.RunJson;
import dev.overtime.tooling.payload.PayloadValidator;
import dev.overtime.tooling.runs.HomeRuns;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code overtime run <job> --payload JSON}: validates the payload against the job's schema, then
 * starts a run in its own JVM on the application's class path; with {@code --wait}, follows it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Start a run of a job, optionally waiting for its outcome.",
      "The payload is checked against the job's JSON Schema first: a bad payload starts",
      "nothing and each error names its JSON path. The run's JVM gets the application's",
      "class path; without --wait the run goes on after this command returns."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime run factorial --app sample-app/target/sample-app.jar --payload '{\"num\": 20}'"
          + " --wait",
      "  overtime run transcode --app app.jar --payload @payload.json",
      "  echo '{\"seconds\": 5}' | overtime run transcode --app app.jar --payload @- --wait --json",
      "  overtime run report --app app.jar --payload '{}' --start-at 2026-12-24T18:00:00Z --ttl 1h",
      "  overtime run report --app app.jar --payload '{}' --start-in 10m",
      "",
      "Exit codes: without --wait 0 once the run started (or was recorded DELAYED); with --wait",
      "  0 SUCCEEDED, 1 FAILED, 3 CANCELLED, 4 TIMED_OUT, 5 LOST, 8 EXPIRED. 2 bad payload or",
      "  option, 6 unknown job, 7 app jar unusable."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Duration START_WAIT = Duration.ofSeconds(30);

  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Mixin private AppOptions app;

  @Parameters(
      index = "0",
      paramLabel = "<job>",
      description = "The job name, as 'overtime jobs' lists it.")
  private String jobName;

  @Option(
      names = "--payload",
      required = true,
      paramLabel = "JSON|@file|@-",
      description = "The payload: inline JSON, @file to read a file, @- to read standard input.")
  private String payload;

  @Option(
      names = "--wait",
      description = "Follow the run: its log, a live status line, and its outcome as exit code.")
  private boolean wait;

  @Option(
      names = "--json",
      description = "Print the run as JSON (docs/cli.md); with --wait the log goes to stderr.")
  private boolean json;

  @Option(
      names = "--idempotency-key",
      paramLabel = "<key>",
      description =
          "Runs with the same key for this job are one run: the existing run is returned.")
  private String idempotencyKey;

  @Option(
      names = "--tag",
      paramLabel = "<tag>",
      description =
          "A tag for listing and cancelling the run by tag; repeat for more (at most 10).")
  private java.util.List<String> tags = new java.util.ArrayList<>();

  @Option(
      names = "--start-at",
      paramLabel = "<instant>",
      description =
          "Start no earlier than this ISO-8601 instant, e.g. 2026-12-24T18:00:00Z; the run waits"
              + " DELAYED until then.")
  private String startAt;

  @Option(
      names = "--start-in",
      paramLabel = "<duration>",
      description = "Start after this delay, e.g. 10m, 90s, 2h, PT1H30M; the run waits DELAYED.")
  private String startIn;

  @Option(
      names = "--ttl",
      paramLabel = "<duration>",
      description =
          "Time to live: a run not started within it (counted from its start time, or from now)"
              + " ends EXPIRED and never runs, e.g. 1h.")
  private String ttl;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    RunOptions.Builder options = RunOptions.builder();
    waitingOptions(options);
    try (Application application = app.load()) {
      AppJob job =
          application
              .job(jobName)
              .orElseThrow(
                  () ->
                      new CommandFailure(
                          ExitStatus.NOT_FOUND,
                          "No job '"
                              + jobName
                              + "' in "
                              + application.source()
                              + "; its jobs: "
                              + application.jobNames()
                              + "."));
      String payloadJson = PayloadValidator.validate(job, PayloadArgument.read(payload, System.in));
      if (!root.aws() && !application.hasBootstrap()) {
        throw new CommandFailure(
            ExitStatus.ENVIRONMENT,
            application.source()
                + " does not contain "
                + RunContract.BOOTSTRAP_MAIN_CLASS
                + ", which every run's JVM starts. Add the dependency"
                + " dev.overtime:overtime-container-bootstrap to the application and build a fat"
                + " jar.");
      }
      try {
        if (idempotencyKey != null) {
          options.idempotencyKey(idempotencyKey);
        }
      } catch (IllegalArgumentException e) {
        // RunOptions validates its values; here a bad one is the user's option, not a bug.
        throw new CommandFailure(
            ExitStatus.BAD_INPUT,
            "--idempotency-key: "
                + e.getMessage().replaceFirst("^idempotencyKey ", "the key ")
                + ". Nothing was started.");
      }
      try {
        options.tags(tags);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(
            ExitStatus.BAD_INPUT,
            "--tag: " + e.getMessage().replaceFirst("^tags: ", "") + ". Nothing was started.");
      }
      if (root.slurm()) {
        throw new CommandFailure(
            ExitStatus.BAD_INPUT,
            "overtime run starts runs on the local engine or on a deployed stack (--engine aws);"
                + " runs on Slurm are started by the application with OVERTIME_ENGINE=slurm."
                + " Nothing was started.");
      }
      try (HomeRuns runs = root.openRuns(application.classpath(), null)) {
        RunRecord run = runs.submit(job, payloadJson, options.build());
        if (wait) {
          return follow(runs, run, out);
        }
        run = leaveQueue(runs, run);
        if (json) {
          JsonOutput.print(out, RunJson.of(run));
        } else if (run.status() == RunStatus.DELAYED) {
          printDelayed(out, run);
        } else {
          out.println("Started run " + run.id() + " of " + run.job() + " (" + run.status() + ").");
          out.println("  follow: overtime logs " + run.id() + " -f" + homeHint());
          out.println("  cancel: overtime cancel " + run.id() + homeHint());
          out.flush();
        }
        return ExitStatus.OK.code();
      }
    }
  }

  /** The start time and time to live, checked before anything is loaded or recorded. */
  private void waitingOptions(RunOptions.Builder options) {
    if (startAt != null && startIn != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--start-at and --start-in are exclusive; give one, e.g. --start-in 10m");
    }
    if (startAt != null) {
      options.startAt(TimeArguments.instant(spec.commandLine(), "--start-at", startAt));
    }
    if (startIn != null) {
      options.startAfter(TimeArguments.duration(spec.commandLine(), "--start-in", startIn, true));
    }
    if (ttl != null) {
      options.timeToLive(TimeArguments.duration(spec.commandLine(), "--ttl", ttl, false));
    }
  }

  private void printDelayed(PrintWriter out, RunRecord run) {
    out.println(
        "Scheduled run "
            + run.id()
            + " of "
            + run.job()
            + " (DELAYED): starts at "
            + run.details().startAt().map(ElapsedTime::local).orElse("-")
            + run.details()
                .expiresAt()
                .map(at -> ", expires at " + ElapsedTime.local(at))
                .orElse("")
            + ".");
    out.println("  status:     overtime status " + run.id() + homeHint());
    out.println(
        "  reschedule: overtime reschedule "
            + run.id()
            + " --at <instant>|--in <duration>"
            + homeHint());
    out.println("  cancel:     overtime cancel " + run.id() + homeHint());
    out.flush();
  }

  private int follow(HomeRuns runs, RunRecord run, PrintWriter out) throws InterruptedException {
    PrintWriter log = json ? spec.commandLine().getErr() : out;
    if (!json) {
      out.println(
          "Run " + run.id() + " of " + run.job() + " started; Ctrl-C stops watching, not the run.");
      out.flush();
    }
    RunRecord finished =
        new RunWatch(runs, log, json ? Terminal.plain() : root.terminal()).follow(run.id());
    if (json) {
      JsonOutput.print(out, RunJson.of(finished));
    } else {
      String attempts = RunDuration.perAttempt(finished);
      out.println(
          finished.status()
              + " in "
              + (finished.startedAt() == null
                  ? ElapsedTime.between(finished.createdAt(), finished.finishedAt())
                  : RunDuration.total(finished))
              + (attempts.isEmpty() ? "" : ": " + attempts)
              + " (run "
              + finished.id()
              + ")");
      if (finished.status() == RunStatus.SUCCEEDED) {
        out.println("result: " + (finished.resultJson() == null ? "null" : finished.resultJson()));
      } else if (finished.error() != null) {
        out.println("error: " + finished.error());
      }
      out.flush();
    }
    return ExitStatus.of(finished.status()).code();
  }

  // The home's supervisor launches the run whether or not this command is alive; waiting a moment
  // for it to leave the queue only makes the status printed the one the user will see next.
  private static RunRecord leaveQueue(HomeRuns runs, RunRecord run) throws InterruptedException {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (run.status() == RunStatus.QUEUED && System.nanoTime() < deadline) {
      Thread.sleep(20);
      run = runs.get(run.id());
    }
    return run;
  }

  private String homeHint() {
    return root.followUpOptions();
  }
}
