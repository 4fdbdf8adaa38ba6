package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.cli.harness.Cli;
import dev.overtime.cli.harness.CliResult;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.testing.TestApp;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --tag}, {@code runs --tag} and {@code cancel --job/--status/--tag}. */
@Timeout(180)
class TagsAndBulkCancelCommandTest {
  @TempDir Path home;

  private static JsonNode json(CliResult result) throws Exception {
    assertEquals(0, result.exitCode(), result::toString);
    return JsonCodec.shared().readTree(result.out());
  }

  private String start(Cli cli, String job, String payload, String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", job, "--payload", payload, "--json", "--app", TestApp.jar()));
    args.addAll(List.of(more));
    return json(cli.run(args.toArray(String[]::new))).get("runId").asText();
  }

  @Test
  void runsAreListedAndCancelledByTagAndManyNeedYes() throws Exception {
    Cli cli = new Cli(home);
    String done = start(cli, "factorial", "{\"num\": 5}", "--wait", "--tag", "batch-a");
    String first = start(cli, "transcode", "{\"seconds\": 120}", "--tag", "batch-a", "--tag", "x");
    String second = start(cli, "transcode", "{\"seconds\": 120}", "--tag", "batch-a");

    JsonNode tagged = json(cli.run("runs", "--tag", "batch-a", "--json"));
    assertEquals(3, tagged.size(), tagged::toString);
    assertEquals(first, tagged.get(1).get("runId").asText());
    assertEquals("[\"batch-a\",\"x\"]", tagged.get(1).get("tags").toString());
    assertEquals(1, json(cli.run("runs", "--tag", "x", "--json")).size());
    assertTrue(cli.run("runs", "--tag", "batch-a").out().contains("batch-a,x"));

    CliResult refused = cli.run("cancel", "--tag", "batch-a");
    assertEquals(ExitStatus.BAD_INPUT.code(), refused.exitCode(), refused::toString);
    assertTrue(
        refused
            .err()
            .contains(
                "2 runs queued or running tagged batch-a would be"
                    + " cancelled; nothing was. Pass --yes"),
        refused::toString);
    assertEquals(
        2,
        json(cli.run("runs", "--tag", "batch-a", "--status", "RUNNING", "--json")).size()
            + json(cli.run("runs", "--tag", "batch-a", "--status", "QUEUED", "--json")).size());

    assertEquals(
        0,
        json(cli.run("cancel", "--tag", "batch-a", "--job", "factorial", "--yes", "--json"))
            .get("count")
            .asInt());

    JsonNode cancelled = json(cli.run("cancel", "--tag", "batch-a", "--yes", "--json"));
    assertEquals(2, cancelled.get("count").asInt(), cancelled::toString);
    Set<String> ids = new HashSet<>();
    for (JsonNode run : cancelled.get("runs")) {
      ids.add(run.get("runId").asText());
      assertEquals("CANCELLED", run.get("status").asText(), run::toString);
    }
    assertEquals(Set.of(first, second), ids);
    JsonNode succeeded = json(cli.run("status", done, "--json"));
    assertEquals("SUCCEEDED", succeeded.get("status").asText());
  }

  @Test
  void bulkCancelRefusesATerminalStatusAndNeedsAFilterOrARunId() {
    Cli cli = new Cli(home);
    CliResult terminal = cli.run("cancel", "--status", "SUCCEEDED", "--yes");
    assertEquals(ExitStatus.BAD_INPUT.code(), terminal.exitCode(), terminal::toString);
    assertTrue(terminal.err().contains("only QUEUED or RUNNING"), terminal::toString);

    CliResult nothing = cli.run("cancel");
    assertEquals(ExitStatus.BAD_INPUT.code(), nothing.exitCode(), nothing::toString);
    assertTrue(nothing.err().contains("Give a run id, or --job"), nothing::toString);

    CliResult both = cli.run("cancel", "01JDX4Q2M8Z1T5V7W9Y0A2B4C6", "--tag", "t");
    assertEquals(ExitStatus.BAD_INPUT.code(), both.exitCode(), both::toString);

    CliResult none = cli.run("cancel", "--tag", "nothing-has-it");
    assertEquals(0, none.exitCode(), none::toString);
    assertTrue(
        none.out().startsWith("No runs queued or running tagged nothing-has-it"), none::toString);
  }

  @Test
  void aBadTagIsRefusedBeforeAnythingStarts() throws Exception {
    Cli cli = new Cli(home);
    CliResult bad =
        cli.run(
            "run",
            "factorial",
            "--payload",
            "{\"num\": 1}",
            "--tag",
            "no spaces",
            "--app",
            TestApp.jar());
    assertEquals(ExitStatus.BAD_INPUT.code(), bad.exitCode(), bad::toString);
    assertTrue(bad.err().contains("'no spaces' is not a tag"), bad::toString);
    assertEquals(0, json(cli.run("runs", "--json")).size());
  }
}
