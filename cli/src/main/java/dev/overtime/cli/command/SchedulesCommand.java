package dev.overtime.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import dev.overtime.cli.OvertimeCommand;
import dev.overtime.cli.app.AppOptions;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.Table;
import dev.overtime.engine.local.LocalRunReader;
import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.engine.local.schedule.EnabledSchedule;
import dev.overtime.engine.local.schedule.ScheduleRegistration;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.json.ScheduleJson;
import dev.overtime.tooling.runs.LocalRuns;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code overtime schedules}: every {@code @Schedule} of an application and its next fires. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "List the schedules of an application's jobs with their next fire times.",
      "Times are shown in each schedule's zone; --json gives them as UTC instants too.",
      "FIRING says whether the schedule is enabled on the home (overtime schedules enable):",
      "only then does the home's supervisor fire it."
    },
    subcommands = {SchedulesCommand.Enable.class, SchedulesCommand.Disable.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime schedules --app sample-app/target/sample-app.jar",
      "  overtime schedules --app app.jar --next 5 --json",
      "  overtime schedules enable --app app.jar           # the home's supervisor fires them",
      "  overtime schedules disable --all"
    })
public final class SchedulesCommand implements Callable<Integer> {
  @ParentCommand private OvertimeCommand root;

  @Spec private CommandSpec spec;

  @Mixin private AppOptions app;

  @Option(
      names = "--next",
      paramLabel = "<n>",
      defaultValue = "3",
      description = "How many next fire times to show per schedule, 1 to 100. Default: 3.")
  private int next;

  @Option(
      names = "--after",
      paramLabel = "<instant>",
      description =
          "Show the fires after this ISO-8601 instant instead of now, e.g. 2027-01-01T00:00:00Z.")
  private Instant after;

  @Option(names = "--json", description = "Print a JSON array of schedules (format: docs/cli.md).")
  private boolean json;

  @Override
  public Integer call() {
    if (next < 1 || next > 100) {
      throw new ParameterException(
          spec.commandLine(), "--next " + next + " is outside 1..100; pass e.g. --next 3.");
    }
    Instant from = after == null ? Instant.now() : after;
    Map<String, EnabledSchedule> firing = new LinkedHashMap<>();
    if (!root.aws() && !root.slurm() && Files.isDirectory(root.home())) {
      try (LocalRunReader reader = LocalRunReader.open(root.home())) {
        for (EnabledSchedule enabled : reader.enabledSchedules()) {
          firing.put(enabled.id(), enabled);
        }
      }
    }
    try (Application application = app.load()) {
      PrintWriter out = spec.commandLine().getOut();
      List<ObjectNode> documents = new ArrayList<>();
      Table table = new Table("SCHEDULE", "CRON", "ZONE", "PAYLOAD", "NEXT FIRES", "FIRING");
      for (AppJob job : application.jobs()) {
        for (ManifestSchedule schedule : job.manifest().schedules()) {
          ObjectNode document = ScheduleJson.of(schedule, job.name(), from, next);
          EnabledSchedule enabled = firing.get(schedule.id());
          List<String> inZone = new ArrayList<>();
          document.get("nextFiresInZone").forEach(fire -> inZone.add(fire.asText()));
          table.row(
              schedule.id(),
              schedule.declared(),
              schedule.zone(),
              schedule.payload(),
              document.has("problem")
                  ? document.get("problem").asText()
                  : String.join(", ", inZone),
              enabled != null ? "yes" : "no");
          document.put("enabled", enabled != null);
          if (enabled != null) {
            document.put("catchUp", enabled.catchUp().wireName());
            document.put("enabledAt", enabled.enabledAt().toString());
            enabled.lastFire().ifPresent(last -> document.put("lastFire", last.toString()));
          }
          documents.add(document);
        }
      }
      if (json) {
        JsonOutput.print(out, documents);
      } else if (table.isEmpty()) {
        out.println("No schedules: no job of this application has a @Schedule.");
      } else {
        table.print(out);
      }
      return 0;
    }
  }

  /** {@code overtime schedules enable}: the home's supervisor fires the application's schedules. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = {
        "Enable the schedules of an application on the home: the home's supervisor fires each,",
        "for the fire times from now on, as runs of its job with the schedule's payload, using the",
        "application's class path as `overtime run --app` would. The supervisor is started if",
        "none runs and stays up while any schedule is enabled. Enabling again takes the",
        "application's new settings and never fires a time twice."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  overtime schedules enable --app app.jar",
        "  overtime schedules enable --app app.jar --schedule nightly-report#0 --catch-up skip",
        "",
        "Exit codes: 0 enabled, 2 bad input (an unknown schedule id, --engine aws or slurm)."
      })
  static final class Enable implements Callable<Integer> {
    @ParentCommand private SchedulesCommand parent;

    @Spec private CommandSpec spec;

    @Mixin private AppOptions app;

    @Option(
        names = "--schedule",
        paramLabel = "<job#index>",
        description =
            "Only this schedule (repeatable). Default: every schedule of the application.")
    private List<String> only = new ArrayList<>();

    @Option(
        names = "--catch-up",
        paramLabel = "<policy>",
        defaultValue = "latest",
        description = {
          "What happens to fires missed while no supervisor ran: latest (the default: the latest",
          "missed fire runs once) or skip (fires noticed over 60 s late are not run)."
        })
    private String catchUp;

    @Override
    public Integer call() {
      OvertimeCommand root = parent.root;
      refuseOtherEngines(root, "enable");
      CatchUp policy;
      try {
        policy = CatchUp.parse(catchUp);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--catch-up: " + e.getMessage() + ".");
      }
      try (Application application = app.load()) {
        List<ScheduleRegistration> registrations = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (AppJob job : application.jobs()) {
          for (ManifestSchedule schedule : job.manifest().schedules()) {
            known.add(schedule.id());
            if (only.isEmpty() || only.contains(schedule.id())) {
              registrations.add(new ScheduleRegistration(job.descriptor(), schedule, policy));
            }
          }
        }
        for (String id : only) {
          if (!known.contains(id)) {
            throw new ParameterException(
                spec.commandLine(),
                "--schedule "
                    + id
                    + " is not a schedule of this application; its schedules are "
                    + (known.isEmpty() ? "none (no job has a @Schedule)" : String.join(", ", known))
                    + ". List them with: overtime schedules --app <jar>");
          }
        }
        if (registrations.isEmpty()) {
          throw new CommandFailure(
              ExitStatus.BAD_INPUT,
              "No schedules to enable: no job of this application has a @Schedule.");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuns runs = LocalRuns.open(root.home(), application.classpath())) {
          for (EnabledSchedule enabled : runs.enableSchedules(registrations)) {
            Optional<Instant> next = enabled.nextFire(Instant.now());
            out.println(
                "Enabled "
                    + enabled.id()
                    + " ("
                    + enabled.declared()
                    + " in "
                    + enabled.zone()
                    + ", catch-up "
                    + enabled.catchUp().wireName()
                    + ")"
                    + next.map(at -> "; next fire " + at).orElse("; it never fires again"));
          }
        }
        out.println(
            "The supervisor of "
                + root.home()
                + " fires them while it runs; it stays up while schedules are enabled.");
        return 0;
      }
    }
  }

  /** {@code overtime schedules disable}: the home's supervisor fires them no more. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = {
        "Disable schedules on the home: they fire no more. Runs they already started go on."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  overtime schedules disable --schedule nightly-report#0",
        "  overtime schedules disable --all",
        "",
        "Exit codes: 0 done, 2 bad input (neither or both of --schedule and --all)."
      })
  static final class Disable implements Callable<Integer> {
    @ParentCommand private SchedulesCommand parent;

    @Spec private CommandSpec spec;

    @Option(
        names = "--schedule",
        paramLabel = "<job#index>",
        description = "A schedule to disable (repeatable).")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Disable every schedule of the home.")
    private boolean all;

    @Override
    public Integer call() {
      OvertimeCommand root = parent.root;
      refuseOtherEngines(root, "disable");
      if (all == !ids.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "Give --schedule <job#index> (repeatable) or --all, not "
                + (all ? "both" : "neither")
                + ".");
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isDirectory(root.home())) {
        out.println("No schedules are enabled on " + root.home() + ".");
        return 0;
      }
      try (LocalRuns runs = LocalRuns.open(root.home(), null)) {
        int disabled = runs.disableSchedules(all ? null : ids);
        out.println(
            "Disabled "
                + disabled
                + " schedule(s) on "
                + root.home()
                + (all || disabled == ids.size() ? "." : "; the others were not enabled."));
      }
      return 0;
    }
  }

  private static void refuseOtherEngines(OvertimeCommand root, String action) {
    if (root.aws()) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "Schedules of a deployed stack are not enabled here: overtime deploy renders one"
              + " EventBridge Scheduler schedule per @Schedule (docs/aws.md). 'schedules "
              + action
              + "' works on the local engine.");
    }
    if (root.slurm()) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "The slurm engine does not fire schedules; use the cluster's own (scrontab), or"
              + " 'schedules "
              + action
              + "' on the local engine.");
    }
  }
}
