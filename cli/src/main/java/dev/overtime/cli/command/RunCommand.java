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
import dev.overtime.tooling.runs.LocalRuns;
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
      "",
      "Exit codes: without --wait 0 once the run started; with --wait 0 SUCCEEDED, 1 FAILED,",
      "  3 CANCELLED, 4 TIMED_OUT, 5 LOST. 2 bad payload or option, 6 unknown job, 7 app jar"
          + " unusable."
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

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
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
      if (!application.hasBootstrap()) {
        throw new CommandFailure(
            ExitStatus.ENVIRONMENT,
            application.source()
                + " does not contain "
                + RunContract.BOOTSTRAP_MAIN_CLASS
                + ", which every run's JVM starts. Add the dependency"
                + " dev.overtime:overtime-container-bootstrap to the application and build a fat"
                + " jar.");
      }
      RunOptions options = options();
      try (LocalRuns runs = LocalRuns.open(root.home(), application.classpath())) {
        RunRecord run = runs.submit(job, payloadJson, options);
        if (wait) {
          return follow(runs, run, out);
        }
        run = leaveQueue(runs, run);
        if (json) {
          JsonOutput.print(out, RunJson.of(run));
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

  // RunOptions validates its values; here a bad one is the user's option, not a bug.
  private RunOptions options() {
    RunOptions.Builder options = RunOptions.builder();
    try {
      if (idempotencyKey != null) {
        options.idempotencyKey(idempotencyKey);
      }
      return options.build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "--idempotency-key: "
              + e.getMessage().replaceFirst("^idempotencyKey ", "the key ")
              + ". Nothing was started.");
    }
  }

  private int follow(LocalRuns runs, RunRecord run, PrintWriter out) throws InterruptedException {
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
  private static RunRecord leaveQueue(LocalRuns runs, RunRecord run) throws InterruptedException {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (run.status() == RunStatus.QUEUED && System.nanoTime() < deadline) {
      Thread.sleep(20);
      run = runs.get(run.id());
    }
    return run;
  }

  private String homeHint() {
    return root.homeGiven() ? " --home " + root.home() : "";
  }
}
