package dev.overtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the input of the processor benchmark: {@code n} handlers in one package, each with its own
 * payload and result records (three files per handler), the shape the processor meets in an
 * application. One package is the hardest case: the processor emits a single {@code Jobs} class
 * holding all {@code n} descriptors.
 */
public final class HandlerSources {
  static final String PACKAGE = "bench.generated";

  private HandlerSources() {}

  /** Writes the sources under {@code root} and returns the files, for javac's argument file. */
  public static List<Path> write(Path root, int n) {
    Path directory = root.resolve(PACKAGE.replace('.', '/'));
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (int i = 0; i < n; i++) {
        String id = String.format(Locale.ROOT, "%04d", i);
        files.add(write(directory.resolve("Payload" + id + ".java"), payload(id)));
        files.add(write(directory.resolve("Result" + id + ".java"), result(id)));
        files.add(write(directory.resolve("Handler" + id + ".java"), handler(id, i)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the generated handlers under " + root, e);
    }
    return files;
  }

  private static Path write(Path file, String source) throws IOException {
    return Files.writeString(file, source, StandardCharsets.UTF_8);
  }

  private static String payload(String id) {
    return "package "
        + PACKAGE
        + ";\n\n"
        + "import java.util.List;\n\n"
        + "/** Payload of job-"
        + id
        + ". */\n"
        + "public record Payload"
        + id
        + "(String name, int count, List<String> tags) {}\n";
  }

  private static String result(String id) {
    return "package "
        + PACKAGE
        + ";\n\n"
        + "/** Result of job-"
        + id
        + ". */\n"
        + "public record Result"
        + id
        + "(String name, long total) {}\n";
  }

  private static String handler(String id, int index) {
    String[] memory = {"256 MB", "512 MB", "2 GB", "7 GB"};
    return "package "
        + PACKAGE
        + ";\n\n"
        + "import dev.overtime.Job;\n"
        + "import dev.overtime.JobContext;\n"
        + "import dev.overtime.JobHandler;\n\n"
        + "/** Generated handler "
        + id
        + ". */\n"
        + "@JobHandler(value = \"job-"
        + id
        + "\", timeout = \""
        + (1 + index % 48)
        + " hours\", memory = \""
        + memory[index % memory.length]
        + "\", retries = "
        + (index % 3)
        + ")\n"
        + "public final class Handler"
        + id
        + " implements Job<Payload"
        + id
        + ", Result"
        + id
        + "> {\n"
        + "  @Override\n"
        + "  public Result"
        + id
        + " run(Payload"
        + id
        + " payload, JobContext context) {\n"
        + "    context.log(\"job-"
        + id
        + " for \" + payload.name());\n"
        + "    long total = payload.count();\n"
        + "    for (String tag : payload.tags()) {\n"
        + "      total += tag.length();\n"
        + "    }\n"
        + "    return new Result"
        + id
        + "(payload.name(), total);\n"
        + "  }\n"
        + "}\n";
  }
}
