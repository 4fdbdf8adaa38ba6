package dev.overtime.cli.command;

import dev.overtime.cli.app.AppOptions;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.cli.output.SchemaSummary;
import dev.overtime.cli.output.Table;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.json.JobJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overtime jobs}: the jobs in an application's manifests, with their configuration. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = {
      "List the jobs of an application and their configuration.",
      "Timeout, memory, cpu, retries and payload fields, from the app's manifests and registries."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  overtime jobs --app sample-app/target/sample-app.jar",
      "  overtime jobs --app app.jar --json"
    })
public final class JobsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AppOptions app;

  @Option(names = "--json", description = "Print a JSON array of jobs (format: docs/cli.md).")
  private boolean json;

  @Override
  public Integer call() {
    try (Application application = app.load()) {
      PrintWriter out = spec.commandLine().getOut();
      List<AppJob> jobs = application.jobs();
      if (json) {
        JsonOutput.print(out, jobs.stream().map(JobJson::of).toList());
        return 0;
      }
      Table table = new Table("JOB", "TIMEOUT", "MEMORY", "CPU", "RETRIES", "PAYLOAD", "HANDLER");
      for (AppJob job : jobs) {
        JobDescriptor<?, ?> descriptor = job.descriptor();
        table.row(
            job.name(),
            job.manifest().timeoutDeclared(),
            job.manifest().memoryDeclared(),
            job.manifest().cpuDeclared(),
            String.valueOf(descriptor.retries()),
            SchemaSummary.of(job.payloadSchema()),
            descriptor.handlerClass());
      }
      table.print(out);
      return 0;
    }
  }
}
