package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubcommandsTest {
  @Test
  void aCommandLineGetsOnlyTheSubcommandItNames() {
    assertEquals(
        Set.of("runs"),
        OvertimeCli.commandLine(Terminal.plain(), "--home", "/tmp/h", "runs", "--limit", "2")
            .getSubcommands()
            .keySet());
    assertEquals(
        Set.of("status"),
        OvertimeCli.commandLine(Terminal.plain(), "--home=/tmp/h", "status", "X")
            .getSubcommands()
            .keySet());
  }

  @Test
  void helpVersionNoCommandOrAnUnknownOneGetAllSoUsageListsThem() {
    int all = Subcommands.NAMES.size() + 1;
    for (String[] args :
        List.of(
            new String[0],
            new String[] {"--help"},
            new String[] {"help", "runs"},
            new String[] {"--version"},
            new String[] {"rnus"},
            new String[] {"--home", "runs"})) {
      assertEquals(
          all,
          OvertimeCli.commandLine(Terminal.plain(), args).getSubcommands().size(),
          String.join(" ", args));
    }
  }

  @Test
  void theCommandNameSkipsTheHomeOption() {
    assertEquals("logs", Subcommands.commandName(List.of("--home", "runs", "logs", "X")));
    assertNull(Subcommands.commandName(List.of("-h", "runs")));
  }
}
