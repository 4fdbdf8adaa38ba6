package dev.overtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.cli.harness.CliResult;
import dev.overtime.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ./overtime launcher, running the packaged fat jar in its own JVM (after mvn package).
 */
class OvertimeScriptIT {
  private static final Path SCRIPT = Paths.get("..", "overtime").toAbsolutePath().normalize();

  @TempDir Path home;

  /** The launcher's class-data archives, away from the user's ~/.cache. */
  @TempDir static Path cliCache;

  private static CliResult overtime(Map<String, String> environment, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("OVERTIME_HOME");
    builder.environment().put("OVERTIME_CLI_CACHE", cliCache.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("overtime " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new CliResult(process.exitValue(), out, err.get());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theScriptRunsAJobToItsResultThroughTheFatJar() throws Exception {
    assertTrue(
        Files.isRegularFile(Paths.get("target", "overtime-cli.jar")),
        "mvn package builds target/overtime-cli.jar");

    CliResult result =
        overtime(
            Map.of(),
            "run",
            "factorial",
            "--payload",
            "{\"num\": 20}",
            "--wait",
            "--app",
            TestApp.jar(),
            "--home",
            home.toString());

    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.out().contains("Factorial of 20 is 2432902008176640000"), result.out());
    assertTrue(result.out().endsWith("result: 2432902008176640000\n"), result.out());
    assertEquals("", result.err(), "nothing on stderr (no SLF4J or Selenium noise)");
  }

  @Test
  void theScriptPassesExitCodesThrough() throws Exception {
    CliResult bad =
        overtime(
            Map.of(),
            "run",
            "factorial",
            "--payload",
            "{\"num\": true}",
            "--app",
            TestApp.jar(),
            "--home",
            home.toString());
    assertEquals(ExitStatus.BAD_INPUT.code(), bad.exitCode(), bad::toString);
    assertTrue(bad.err().contains("$.num: boolean found, integer expected"), bad.err());

    CliResult unknown = overtime(Map.of("OVERTIME_HOME", home.toString()), "status", "01NOSUCHRUN");
    assertEquals(ExitStatus.NOT_FOUND.code(), unknown.exitCode(), unknown::toString);
  }

  @Test
  void environmentVariablesNameTheHomeAndTheApp() throws Exception {
    CliResult jobs =
        overtime(Map.of("OVERTIME_APP", TestApp.jar(), "OVERTIME_HOME", home.toString()), "jobs");

    assertEquals(0, jobs.exitCode(), jobs::toString);
    assertTrue(jobs.out().contains("factorial"), jobs.out());
    assertTrue(jobs.out().contains("transcode"), jobs.out());
  }

  @Test
  void withoutTheJarTheScriptSaysHowToBuildIt() throws Exception {
    CliResult result =
        overtime(Map.of("OVERTIME_CLI_JAR", home.resolve("missing.jar").toString()), "--help");

    assertEquals(7, result.exitCode(), result::toString);
    assertTrue(result.err().contains("the CLI is not built yet"), result.err());
    assertTrue(result.err().contains("mvn -B -ntp -q package -DskipTests"), result.err());
  }

  @Test
  void everyCommandHasHelpWithAnExample() throws Exception {
    for (String command :
        List.of(
            "jobs", "run", "runs", "status", "logs", "cancel", "manifest", "console", "deploy")) {
      CliResult help = overtime(Map.of(), command, "--help");
      assertEquals(0, help.exitCode(), command + ": " + help);
      assertTrue(help.out().contains("Example"), command + ": " + help.out());
      assertTrue(help.out().contains("overtime " + command), command + ": " + help.out());
    }
  }

  @Test
  void theConsoleCommandServesThePageAndApiOnLoopbackUntilStopped() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            "bash",
            SCRIPT.toString(),
            "console",
            "--port",
            "0",
            "--app",
            TestApp.jar(),
            "--home",
            home.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("OVERTIME_CLI_CACHE", cliCache.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process console = builder.start();
    try {
      java.io.BufferedReader out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8));
      String banner = out.readLine();
      assertTrue(
          banner != null && banner.matches("Overtime console: http://127\\.0\\.0\\.1:\\d+/"),
          banner);
      java.net.URI url = java.net.URI.create(banner.substring("Overtime console: ".length()));
      java.net.http.HttpResponse<String> jobs =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(url.resolve("/api/jobs")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, jobs.statusCode());
      assertTrue(jobs.body().contains("\"name\":\"factorial\""), jobs.body());
    } finally {
      console.destroy();
      assertTrue(console.waitFor(30, TimeUnit.SECONDS), "the console did not stop on SIGTERM");
    }
  }

  @Test
  void theFirstCommandsDumpIsCheckedPublishedAndMappedByLaterCommands(@TempDir Path cache)
      throws Exception {
    Map<String, String> environment = Map.of("OVERTIME_CLI_CACHE", cache.toString());
    CliResult first = overtime(environment, "runs", "--home", home.toString());
    assertEquals(0, first.exitCode(), first::toString);
    List<Path> dumps = files(cache);
    assertEquals(1, dumps.size(), dumps.toString());
    assertTrue(dumps.get(0).toString().endsWith(".tmp"), "a dump, not yet checked: " + dumps);

    CliResult second = overtimeLoadingClasses(cache);
    List<Path> archives = files(cache);
    assertEquals(1, archives.size(), archives.toString());
    assertTrue(archives.get(0).toString().endsWith(".jsa"), archives.toString());
    assertTrue(
        second.out().contains("dev.overtime.cli.Main source: shared objects file"),
        "the CLI's classes come from the archive");
    assertEquals("", second.err());
    Object inode = Files.getAttribute(archives.get(0), "unix:ino");

    CliResult third = overtimeLoadingClasses(cache);
    assertTrue(third.out().contains("dev.overtime.cli.Main source: shared objects file"));
    assertEquals(archives, files(cache), "no second archive");
    assertEquals(inode, Files.getAttribute(archives.get(0), "unix:ino"), "not written again");
  }

  @Test
  void aDumpCutShortIsNeverUsed(@TempDir Path cache) throws Exception {
    Map<String, String> environment = Map.of("OVERTIME_CLI_CACHE", cache.toString());
    assertEquals(0, overtime(environment, "runs", "--home", home.toString()).exitCode());
    Path dump = files(cache).get(0);
    byte[] whole = Files.readAllBytes(dump);
    Files.write(dump, java.util.Arrays.copyOf(whole, whole.length / 2)); // as if killed mid-write

    CliResult next = overtime(environment, "runs", "--home", home.toString());

    assertEquals(0, next.exitCode(), next::toString);
    assertEquals("", next.err());
    List<Path> left = files(cache);
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).toString().endsWith(".tmp"), "the broken dump was replaced: " + left);
    assertTrue(!left.get(0).equals(dump), "by the new command's own dump");
    try (java.util.stream.Stream<Path> here = Files.list(Paths.get(""))) {
      assertTrue(
          here.noneMatch(file -> file.getFileName().toString().startsWith("hs_err")),
          "checking the broken dump left no JVM error file");
    }
  }

  @Test
  void concurrentFirstCommandsAllWorkAndOneArchiveIsPublished(@TempDir Path cache)
      throws Exception {
    Map<String, String> environment = Map.of("OVERTIME_CLI_CACHE", cache.toString());
    List<CompletableFuture<CliResult>> commands = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      commands.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return overtime(environment, "runs", "--home", home.toString());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (CompletableFuture<CliResult> command : commands) {
      CliResult result = command.get(180, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result::toString);
      assertTrue(result.out().startsWith("No runs under "), result.out());
      assertEquals("", result.err());
    }

    CliResult after = overtimeLoadingClasses(cache);

    assertEquals("", after.err());
    assertTrue(after.out().contains("dev.overtime.cli.Main source: shared objects file"));
    List<Path> archives = files(cache);
    assertEquals(1, archives.size(), "one archive, the other dumps deleted: " + archives);
    assertTrue(archives.get(0).toString().endsWith(".jsa"), archives.toString());
  }

  @Test
  void theArchiveHoldsTheClassesOfReadingAHomeWhicheverCommandDumpedIt(@TempDir Path cache)
      throws Exception {
    Map<String, String> environment = Map.of("OVERTIME_CLI_CACHE", cache.toString());
    // A first command that opens no store: the JVM that dumps the archive still reads a home.
    CliResult first = overtime(environment, "--version");
    assertEquals(0, first.exitCode(), first::toString);
    dev.overtime.tooling.runs.LocalRuns.open(home, null).close(); // a home with a database

    CliResult runs = overtimeLoadingClasses(cache);

    assertTrue(runs.out().contains("No runs under "), runs.out());
    for (String archived :
        List.of(
            "dev.overtime.cli.DirectCommands",
            "dev.overtime.engine.local.RunStore",
            "org.sqlite.core.NativeDB",
            "org.sqlite.jdbc4.JDBC4ResultSet")) {
      assertTrue(
          runs.out().contains(archived + " source: shared objects file"),
          archived + " comes from the archive");
    }
    assertEquals("", runs.err());
  }

  private CliResult overtimeLoadingClasses(Path cache) throws Exception {
    CliResult result =
        overtime(
            Map.of(
                "OVERTIME_CLI_CACHE",
                cache.toString(),
                "OVERTIME_CLI_JAVA_OPTS",
                "-Xlog:class+load=info:stdout"),
            "runs",
            "--home",
            home.toString());
    assertEquals(0, result.exitCode(), result::toString);
    return result;
  }

  @Test
  void aRebuiltJarGetsItsOwnArchive(@TempDir Path cache, @TempDir Path jars) throws Exception {
    Path jar = jars.resolve("overtime-cli.jar");
    Files.copy(Paths.get("target", "overtime-cli.jar"), jar);
    Map<String, String> environment =
        Map.of("OVERTIME_CLI_CACHE", cache.toString(), "OVERTIME_CLI_JAR", jar.toString());
    assertEquals(0, overtime(environment, "runs", "--home", home.toString()).exitCode());
    assertEquals(0, overtime(environment, "runs", "--home", home.toString()).exitCode());
    assertEquals(1, files(cache).size());
    assertTrue(files(cache).get(0).toString().endsWith(".jsa"));

    Files.setLastModifiedTime(
        jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    CliResult rebuilt = overtime(environment, "runs", "--home", home.toString());

    assertEquals(0, rebuilt.exitCode(), rebuilt::toString);
    assertEquals(2, files(cache).size(), "the old archive and the new jar's dump: " + files(cache));
  }

  @Test
  void rebuildsOfTheJarKeepOnlyTheNewestThreeArchives(@TempDir Path cache, @TempDir Path jars)
      throws Exception {
    Path jar = jars.resolve("overtime-cli.jar");
    Files.copy(Paths.get("target", "overtime-cli.jar"), jar);
    Map<String, String> environment =
        Map.of("OVERTIME_CLI_CACHE", cache.toString(), "OVERTIME_CLI_JAR", jar.toString());
    long now = System.currentTimeMillis();
    for (int build = 5; build >= 1; build--) {
      // Each "rebuild" is the jar with another modification time: a new key, a new archive.
      Files.setLastModifiedTime(
          jar, java.nio.file.attribute.FileTime.fromMillis(now - build * 60_000L));
      assertEquals(0, overtime(environment, "runs", "--home", home.toString()).exitCode());
      assertEquals(0, overtime(environment, "runs", "--home", home.toString()).exitCode());
    }

    List<Path> archives = files(cache);
    assertEquals(3, archives.size(), archives.toString());
    assertTrue(archives.stream().allMatch(file -> file.toString().endsWith(".jsa")), "no dumps");
  }

  @Test
  void classDataSharingCanBeTurnedOff(@TempDir Path cache) throws Exception {
    CliResult result =
        overtime(
            Map.of("OVERTIME_CLI_CACHE", cache.toString(), "OVERTIME_CLI_CDS", "off"),
            "runs",
            "--home",
            home.toString());
    assertEquals(0, result.exitCode(), result::toString);
    assertEquals(List.of(), files(cache));
  }

  private static List<Path> files(Path directory) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
