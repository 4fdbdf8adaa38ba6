package dev.overtime.runtime.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound environment as runs on this machine see it: values, and secrets only from the caller.
 */
class BoundEnvironmentTest {
  @TempDir Path dir;

  private static final String FILE =
      """
      {"all":{"environment":{"LOG_LEVEL":"info","REGION_NAME":"eu"},
              "secrets":{"DB_PASSWORD":"ssm:/prod/db"},
              "capacity":"FARGATE_SPOT"},
       "jobs":{"transcode":{"environment":{"LOG_LEVEL":"debug"},
                            "secrets":{"API_KEY":"ssm:/prod/api"}}}}
      """;

  private BoundEnvironment read(String json) throws Exception {
    Path file = dir.resolve(BoundEnvironment.FILE_NAME);
    Files.writeString(file, json);
    return BoundEnvironment.read(file);
  }

  @Test
  void aJobGetsTheValuesOfAllWithItsOwnWinning() throws Exception {
    BoundEnvironment bound = read(FILE);

    assertEquals(Map.of("LOG_LEVEL", "debug", "REGION_NAME", "eu"), bound.environment("transcode"));
    assertEquals(Map.of("LOG_LEVEL", "info", "REGION_NAME", "eu"), bound.environment("factorial"));
    assertEquals(List.of("API_KEY", "DB_PASSWORD"), List.copyOf(bound.secretNames("transcode")));
  }

  @Test
  void aLocalRunGetsASecretOnlyWhenTheCallerProvidesItsValue() throws Exception {
    BoundEnvironment bound = read(FILE);

    Map<String, String> withoutSecrets = bound.forLocalRun("transcode", Map.of("HOME", "/h"));
    assertEquals(Map.of("LOG_LEVEL", "debug", "REGION_NAME", "eu"), withoutSecrets);

    Map<String, String> withOne = bound.forLocalRun("transcode", Map.of("API_KEY", "k-123"));
    assertEquals("k-123", withOne.get("API_KEY"));
    assertTrue(!withOne.containsKey("DB_PASSWORD"));
    assertTrue(!withOne.containsKey("HOME"), "only bound names are taken from the caller");
  }

  @Test
  void theFileIsFoundByVariableOrInTheWorkingDirectory() throws Exception {
    assertEquals(Optional.empty(), BoundEnvironment.locate(Map.of(), dir));
    Path file = dir.resolve(BoundEnvironment.FILE_NAME);
    Files.writeString(file, "{}");
    assertEquals(Optional.of(file), BoundEnvironment.locate(Map.of(), dir));
    Path other = dir.resolve("prod.json");
    Files.writeString(other, "{}");
    assertEquals(
        Optional.of(other),
        BoundEnvironment.locate(Map.of(BoundEnvironment.FILE_VARIABLE, other.toString()), dir));
  }

  @Test
  void aVariableNamingAMissingFileIsAnErrorNotSilence() {
    BoundEnvironmentException e =
        assertThrows(
            BoundEnvironmentException.class,
            () ->
                BoundEnvironment.locate(
                    Map.of(BoundEnvironment.FILE_VARIABLE, dir.resolve("gone.json").toString()),
                    dir));
    assertTrue(e.getMessage().contains("OVERTIME_DEPLOY_CONFIG="), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void badNamesAndValuesAreAllReportedWithTheField() {
    BoundEnvironmentException e =
        assertThrows(
            BoundEnvironmentException.class,
            () ->
                read(
                    """
                    {"all":{"environment":{"PORT":8080,"OVERTIME_RUN_ID":"x"}},
                     "jobs":{"j":{"environment":{"A":"1"},"secrets":{"A":"ssm:/a"}}}}
                    """));
    assertEquals(
        List.of(
            "all.environment.OVERTIME_RUN_ID uses the prefix OVERTIME_, which the run contract and"
                + " the engines own; rename it",
            "all.environment.PORT must be a string; write 8080 as \"8080\"",
            "jobs.j.secrets.A is also jobs.j.environment.A; a name is either a value or a secret,"
                + " remove one"),
        e.problems().stream().sorted().toList());
    assertTrue(e.getMessage().startsWith("[overtime.deploy-config] "), e.getMessage());
  }

  @Test
  void notJsonNamesTheLine() {
    BoundEnvironmentException e =
        assertThrows(BoundEnvironmentException.class, () -> read("{\n\"all\": }"));
    assertTrue(e.getMessage().contains("not valid JSON at line 2"), e.getMessage());
  }

  @Test
  void noFileBindsNothing() {
    assertEquals(Map.of(), BoundEnvironment.none().forLocalRun("j", Map.of("A", "1")));
  }
}
