package dev.overtime.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeployCommandTest {
  @TempDir Path work;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Map<String, String> environment = Map.of();

  private int deploy(String... args) {
    CommandLine command = new CommandLine(new DeployCommand(work, environment));
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  private Path jar(Map<String, String> entries) throws IOException {
    Path jar = work.resolve("app.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream stream = new JarOutputStream(file)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        stream.putNextEntry(new JarEntry(entry.getKey()));
        stream.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        stream.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void writesTheTemplateOfTheJarsJobsToStandardOutput() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    assertEquals(0, deploy(jar.toString()), err.toString());
    JsonNode template = new ObjectMapper().readTree(out.toString());
    assertEquals(
        "7168",
        template
            .path("Resources")
            .path("TaskDefinitionFactorial")
            .path("Properties")
            .path("Memory")
            .asText());
  }

  @Test
  void writesToOutAndSaysWhatItWrote() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    Path template = work.resolve("out/stack.json");
    assertEquals(0, deploy(jar.toString(), "--out", template.toString()), err.toString());
    assertTrue(Files.readString(template).contains("\"AWS::ECS::TaskDefinition\""));
    assertTrue(err.toString().contains("1 job(s) (factorial)"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void jarWithoutManifestsIsBadInputWithTheFix() throws Exception {
    Path jar = jar(Map.of("com/example/Thing.class", "x"));
    assertEquals(2, deploy(jar.toString()));
    assertTrue(
        err.toString().contains("[overtime.no-jobs]")
            && err.toString().contains("overtime-processor"),
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void sizeLargerThanAnyFargateTaskIsBadInputWithTheRanges() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "32768", "7168")));
    assertEquals(2, deploy(jar.toString()));
    assertTrue(
        err.toString().contains("[overtime.fargate-size]")
            && err.toString()
                .contains("more than any Fargate task holds (at most 16 vCPU and 120 GB)"),
        err.toString());
  }

  @Test
  void cpuAndMemoryFargateDoesNotOfferExactlyAreRoundedUpNotRejected() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "256", "7168")));
    assertEquals(0, deploy(jar.toString()));
    assertTrue(
        out.toString().contains("\"Cpu\" : \"1024\"")
            && out.toString().contains("\"Memory\" : \"7168\""),
        out.toString());
  }

  @Test
  void jobDefinedInTwoManifestsNamesBoth() throws Exception {
    Path jar =
        jar(
            Map.of(
                "META-INF/overtime/a.json", manifest("factorial", "1024", "2048"),
                "META-INF/overtime/b.json", manifest("factorial", "1024", "2048")));
    assertEquals(2, deploy(jar.toString()));
    assertTrue(
        err.toString().contains("app.jar!/META-INF/overtime/a.json")
            && err.toString().contains("b.json"),
        err.toString());
  }

  private static JsonNode container(String template, String job) throws IOException {
    return new ObjectMapper()
        .readTree(template)
        .path("Resources")
        .path("TaskDefinition" + job)
        .path("Properties")
        .path("ContainerDefinitions")
        .get(0);
  }

  @Test
  void configBindsEnvironmentAndSecretsToTheJobs() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    Path config = work.resolve("prod.deploy.json");
    Files.writeString(
        config,
        "{\"jobs\":{\"factorial\":{\"environment\":{\"MODE\":\"prod\"},"
            + "\"secrets\":{\"TOKEN\":\"ssm:/prod/token\"}}}}");

    assertEquals(0, deploy(jar.toString(), "--config", config.toString()), err.toString());

    JsonNode container = container(out.toString(), "Factorial");
    assertTrue(
        container.path("Environment").toString().contains("{\"Name\":\"MODE\",\"Value\":\"prod\"}"),
        container.toString());
    assertEquals("TOKEN", container.path("Secrets").get(0).path("Name").asText());
    assertTrue(err.toString().contains("Bound " + config), err.toString());
  }

  @Test
  void withoutConfigTheFileInTheWorkingDirectoryIsBound() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    Files.writeString(
        work.resolve("overtime.deploy.json"), "{\"all\":{\"environment\":{\"MODE\":\"cwd\"}}}");

    assertEquals(0, deploy(jar.toString()), err.toString());

    assertTrue(
        container(out.toString(), "Factorial").path("Environment").toString().contains("cwd"),
        out.toString());
  }

  @Test
  void theVariableNamesTheConfigWhenNoOptionDoes() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    Path named = work.resolve("elsewhere.json");
    Files.writeString(named, "{\"all\":{\"ephemeralStorageGiB\":50}}");
    environment = Map.of("OVERTIME_DEPLOY_CONFIG", named.toString());

    assertEquals(0, deploy(jar.toString()), err.toString());

    assertTrue(out.toString().contains("\"SizeInGiB\" : 50"), out.toString());
  }

  @Test
  void aBadConfigIsBadInputNamingTheFieldAndWritesNothing() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    Path config = work.resolve("bad.json");
    Files.writeString(config, "{\"jobs\":{\"factorial\":{\"capacity\":\"SPOT\"}}}");
    Path template = work.resolve("stack.json");

    assertEquals(
        2, deploy(jar.toString(), "--config", config.toString(), "--out", template.toString()));

    assertTrue(
        err.toString().contains("jobs.factorial.capacity must be \"FARGATE\" or \"FARGATE_SPOT\""),
        err.toString());
    assertTrue(!Files.exists(template), "no template is written from a bad configuration");
  }

  @Test
  void aMissingConfigIsBadInput() throws Exception {
    Path jar =
        jar(Map.of("META-INF/overtime/com.example.json", manifest("factorial", "1024", "7168")));
    assertEquals(2, deploy(jar.toString(), "--config", work.resolve("nope.json").toString()));
    assertTrue(err.toString().contains("[overtime.deploy-config] cannot read"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void helpShowsAnExample() {
    assertEquals(0, deploy("--help"));
    assertTrue(
        out.toString().contains("overtime deploy target/my-app.jar --out overtime-stack.json"),
        out.toString());
  }

  /** A manifest in the processor's format (formatVersion 1). */
  @Test
  void aManifestsSchedulesBecomeSchedulerSchedulesAndOneThatCannotDeployIsBadInput()
      throws Exception {
    String scheduled =
        manifest("factorial", "1024", "7168")
            .replace(
                "\"retries\":2,",
                "\"retries\":2,\"schedules\":[{\"id\":\"factorial#0\",\"index\":0,"
                    + "\"declared\":\"@weekly\",\"cron\":\"0 0 * * 0\",\"zone\":\"UTC\","
                    + "\"payload\":\"{\\\"num\\\": 5}\"}],");
    Path jar = jar(Map.of("META-INF/overtime/com.example.json", scheduled));

    assertEquals(0, deploy(jar.toString()), err.toString());

    JsonNode schedule =
        new ObjectMapper().readTree(out.toString()).path("Resources").path("Schedule0Factorial");
    assertEquals(
        "cron(0 0 ? * SUN *)", schedule.path("Properties").path("ScheduleExpression").asText());

    Path bad =
        jar(
            Map.of(
                "META-INF/overtime/com.example.json",
                scheduled.replace("\"cron\":\"0 0 * * 0\"", "\"cron\":\"0 0 L * *\"")));
    out.getBuffer().setLength(0);
    assertEquals(2, deploy(bad.toString()));
    assertTrue(
        err.toString()
                .contains("[overtime.schedule-invalid] Schedule factorial#0 cannot be deployed")
            && err.toString().contains("has 'L'"),
        err.toString());
    assertEquals("", out.toString());
  }

  private static String manifest(String name, String cpuUnits, String memoryMib) {
    return """
    {"formatVersion":1,"jobs":[{"cpu":{"declared":"1 vCPU","units":%s},
    "entrypoint":"dev.overtime.bootstrap.Main","handlerClass":"com.example.Factorial",
    "memory":{"declared":"7 GB","mib":%s},"name":"%s","payload":{"javaType":"com.example.P","schema":{}},
    "result":{"javaType":"java.lang.Long","schema":{}},"retries":2,"timeout":{"declared":"1 hour","seconds":3600}}],
    "package":"com.example","registry":"com.example.JobsRegistry"}
    """
        .formatted(cpuUnits, memoryMib, name);
  }
}
