package dev.overtime.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A services file already in the class output (a hand-written registry copied from resources, as
 * Maven does before compiling) keeps its entries next to the generated registry.
 */
class ServicesFileMergeTest {

  @Test
  void registriesAlreadyListedInTheClassOutputAreKeptUnlessTheirClassIsGone(@TempDir Path temp)
      throws Exception {
    Path classes = temp.resolve("classes");
    Path services = classes.resolve("META-INF/services/dev.overtime.runtime.internal.JobRegistry");
    Files.createDirectories(services.getParent());
    Files.writeString(
        services, "# written by hand\ncom.handwritten.JobsRegistry\ncom.gone.JobsRegistry\n");
    write(
        temp.resolve("src/com/handwritten/JobsRegistry.java"),
        "package com.handwritten;\n\npublic final class JobsRegistry {}\n");
    Path payload =
        write(temp.resolve("src/com/example/Payload.java"), Sources.content(Sources.PAYLOAD));
    Path handler =
        write(
            temp.resolve("src/com/example/Echo.java"),
            Sources.content(Sources.handler("Echo", "@JobHandler(\"echo\")")));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    int exit =
        javac.run(
            null,
            null,
            errors,
            "-processor",
            JobHandlerProcessor.class.getName(),
            "-processorpath",
            System.getProperty("java.class.path"),
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            payload.toString(),
            handler.toString(),
            temp.resolve("src/com/handwritten/JobsRegistry.java").toString());

    assertEquals(0, exit, errors.toString(StandardCharsets.UTF_8));
    assertEquals(
        "com.example.JobsRegistry\ncom.handwritten.JobsRegistry\n", Files.readString(services));
  }

  private static Path write(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
