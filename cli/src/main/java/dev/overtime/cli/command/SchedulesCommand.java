package dev.overtime.cli.command;

import dev.overtime.cli.app.AppOptions;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.Table;
import dev.overtime.engine.local.schedule.FireTimes;
import dev.overtime.runtime.manifest.ManifestSchedule;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.app.Application;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code overtime schedules}: every {@code @Schedule} of an application and its next fires. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "List the schedules of an application's jobs with their next fire times.",
      "Times are shown in each schedule's zone; --json gives them as UTC instants too."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  overtime schedules --app sample-app/target/sample-app.jar",
      "  overtime schedules --app app.jar --next 5 --json"
    })
public final class SchedulesCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

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
    try (Application application = app.load()) {
      PrintWriter out = spec.commandLine().getOut();
      List<Map<String, Object>> documents = new ArrayList<>();
      Table table = new Table("SCHEDULE", "CRON", "ZONE", "PAYLOAD", "NEXT FIRES");
      for (AppJob job : application.jobs()) {
        for (ManifestSchedule schedule : job.manifest().schedules()) {
          List<Instant> fires = FireTimes.of(schedule.cron(), schedule.zone()).next(from, next);
          ZoneId zone = ZoneId.of(schedule.zone());
          table.row(
              schedule.id(),
              schedule.declared(),
              schedule.zone(),
              schedule.payload(),
              fires.stream()
                  .map(fire -> LOCAL.format(fire.atZone(zone)))
                  .collect(Collectors.joining(", ")));
          Map<String, Object> document = new LinkedHashMap<>();
          document.put("id", schedule.id());
          document.put("job", job.name());
          document.put("index", schedule.index());
          document.put("declared", schedule.declared());
          document.put("cron", schedule.cron());
          document.put("zone", schedule.zone());
          document.put("payload", schedule.payload());
          document.put("nextFires", fires.stream().map(Instant::toString).toList());
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
}
