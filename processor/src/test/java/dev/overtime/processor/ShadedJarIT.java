package dev.overtime.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.JobHandler;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged processor jar (run by failsafe after {@code package}): JavaPoet and the contract's
 * resource rules are relocated inside it, so they cannot clash with a user's JavaPoet or Overtime
 * runtime, and the jar runs with only the annotations beside it.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of(System.getProperty("overtime.processorJar"));

  @Test
  void jarContainsNoComSquareupClassesButTheRelocatedJavaPoet() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names =
          Collections.list(jar.entries()).stream()
              .map(entry -> entry.getName())
              .collect(Collectors.toList());

      assertEquals(
          List.of(), names.stream().filter(name -> name.startsWith("com/squareup/")).toList());
      assertTrue(
          names.contains("dev/overtime/processor/shaded/javapoet/JavaFile.class"), names::toString);
      assertEquals(
          List.of(),
          names.stream().filter(name -> name.startsWith("dev/overtime/contract/")).toList());
      assertTrue(
          names.contains("dev/overtime/processor/shaded/contract/resources/ResourceSpec.class"),
          names::toString);
      assertEquals(
          List.of(),
          names.stream()
              .filter(
                  name ->
                      name.endsWith(".class")
                          && name.startsWith("dev/overtime/processor/shaded/contract/")
                          && !name.startsWith("dev/overtime/processor/shaded/contract/resources/"))
              .toList(),
          "only the resource rules of the contract are needed at compile time");
      assertTrue(names.contains("META-INF/services/javax.annotation.processing.Processor"));
      assertTrue(names.contains("META-INF/gradle/incremental.annotation.processors"));
    }
  }

  @Test
  void jarAloneOnTheProcessorPathGeneratesJobs(@TempDir Path temp) throws Exception {
    Path source = temp.resolve("src/com/example/Echo.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package com.example;

        import dev.overtime.Job;
        import dev.overtime.JobContext;
        import dev.overtime.JobHandler;

        @JobHandler("echo")
        public final class Echo implements Job<Echo.Input, String> {
          public record Input(String text) {}

          public String run(Input payload, JobContext context) {
            return payload.text();
          }
        }
        """);
    String annotations =
        Path.of(JobHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Path classes = Files.createDirectories(temp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    int exit =
        javac.run(
            null,
            null,
            errors,
            "-processorpath",
            JAR + File.pathSeparator + annotations,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            source.toString());

    assertEquals(0, exit, errors.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(classes.resolve("com/example/Jobs.class")));
    assertTrue(Files.exists(classes.resolve("META-INF/overtime/com.example.json")));
  }
}
