package dev.overtime.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.cli.app.AppOptions;
import dev.overtime.cli.output.JsonOutput;
import dev.overtime.tooling.app.Application;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code overtime manifest}: the manifest(s) the processor wrote into the application. */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description = {
      "Print the application's manifest (JSON).",
      "Every job with its handler, payload and result schemas, timeout, memory, cpu, retries",
      "and entrypoint. With several manifests on the class path, prints one JSON object keyed",
      "by resource name."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  overtime manifest --app sample-app/target/sample-app.jar",
      "  overtime manifest --app app.jar > manifest.json"
    })
public final class ManifestCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AppOptions app;

  @Override
  public Integer call() {
    try (Application application = app.load()) {
      Map<String, JsonNode> manifests = application.manifests();
      if (manifests.size() == 1) {
        JsonOutput.print(spec.commandLine().getOut(), manifests.values().iterator().next());
      } else {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        manifests.forEach(all::set);
        JsonOutput.print(spec.commandLine().getOut(), all);
      }
      return 0;
    }
  }
}
