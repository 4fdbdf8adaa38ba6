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

  private int deploy(String... args) {
    CommandLine command = new CommandLine(new DeployCommand());
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

  @Test
  void helpShowsAnExample() {
    assertEquals(0, deploy("--help"));
    assertTrue(
        out.toString().contains("overtime deploy target/my-app.jar --out overtime-stack.json"),
        out.toString());
  }

  /** A manifest in the processor's format (formatVersion 1). */
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
