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
 * Writes the input of the processor benchmark, in one of three {@link Shape}s. All handlers share
 * the package {@code bench.generated} or sit in ten packages under it: either way the processor
 * emits a single {@code Jobs} class holding all {@code n} descriptors, the hardest case.
 */
public final class HandlerSources {
  static final String PACKAGE = "bench.generated";

  /** What each handler brings. */
  public enum Shape {
    /** A handler with its own payload and result records, one package (three files). */
    SMALL,
    /**
     * A handler and a payload record with {@code int}, {@code String}, {@code List<String>}, {@code
     * Map<String, Long>}, returning {@code String}, spread over ten packages (two files).
     */
    TEN_PACKAGES,
    /**
     * A handler with a payload of 24 components of most supported types and a nested record, and a
     * record result, one package (three files).
     */
    LARGE_PAYLOAD;

    /** The source files per handler. */
    public int filesPerHandler() {
      return this == TEN_PACKAGES ? 2 : 3;
    }

    static Shape parse(String text) {
      return switch (text) {
        case "small" -> SMALL;
        case "ten-packages" -> TEN_PACKAGES;
        case "large-payload" -> LARGE_PAYLOAD;
        default ->
            throw new IllegalArgumentException(
                "unknown shape '" + text + "'; use small, ten-packages or large-payload");
      };
    }
  }

  private HandlerSources() {}

  /** Writes {@link Shape#SMALL} sources under {@code root}, as {@link #write(Path, int, Shape)}. */
  public static List<Path> write(Path root, int n) {
    return write(root, n, Shape.SMALL);
  }

  /** Writes the sources under {@code root} and returns the files, for javac's argument file. */
  public static List<Path> write(Path root, int n, Shape shape) {
    if (shape == Shape.TEN_PACKAGES) {
      return writeTenPackages(root, n);
    }
    Path directory = root.resolve(PACKAGE.replace('.', '/'));
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (int i = 0; i < n; i++) {
        String id = String.format(Locale.ROOT, "%04d", i);
        files.add(
            write(
                directory.resolve("Payload" + id + ".java"),
                shape == Shape.LARGE_PAYLOAD ? largePayload(id) : payload(id)));
        files.add(write(directory.resolve("Result" + id + ".java"), result(id)));
        files.add(write(directory.resolve("Handler" + id + ".java"), handler(id, i)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the generated handlers under " + root, e);
    }
    return files;
  }

  private static List<Path> writeTenPackages(Path root, int n) {
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        String id = String.format(Locale.ROOT, "%04d", i);
        String pkg = PACKAGE + ".p" + (i % 10);
        Path directory = root.resolve(pkg.replace('.', '/'));
        Files.createDirectories(directory);
        files.add(
            write(
                directory.resolve("Payload" + id + ".java"),
                "package "
                    + pkg
                    + ";\n\n"
                    + "import java.util.List;\n"
                    + "import java.util.Map;\n\n"
                    + "/** Payload of job-"
                    + id
                    + ". */\n"
                    + "public record Payload"
                    + id
                    + "(int count, String name, List<String> tags, Map<String, Long> totals)"
                    + " {}\n"));
        files.add(
            write(
                directory.resolve("Handler" + id + ".java"),
                "package "
                    + pkg
                    + ";\n\n"
                    + "import dev.overtime.Job;\n"
                    + "import dev.overtime.JobContext;\n"
                    + "import dev.overtime.JobHandler;\n\n"
                    + "/** Generated handler "
                    + id
                    + ". */\n"
                    + "@JobHandler(\"job-"
                    + id
                    + "\")\n"
                    + "public final class Handler"
                    + id
                    + " implements Job<Payload"
                    + id
                    + ", String> {\n"
                    + "  @Override\n"
                    + "  public String run(Payload"
                    + id
                    + " payload, JobContext context) {\n"
                    + "    return payload.name() + payload.count() + payload.tags().size()"
                    + " + payload.totals().size();\n"
                    + "  }\n"
                    + "}\n"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the generated handlers under " + root, e);
    }
    return files;
  }

  private static String largePayload(String id) {
    return "package "
        + PACKAGE
        + ";\n\n"
        + "import java.math.BigDecimal;\n"
        + "import java.time.Instant;\n"
        + "import java.time.LocalDate;\n"
        + "import java.util.List;\n"
        + "import java.util.Map;\n"
        + "import java.util.Optional;\n"
        + "import java.util.Set;\n"
        + "import java.util.UUID;\n\n"
        + "/** Payload of job-"
        + id
        + ". */\n"
        + "public record Payload"
        + id
        + "(\n"
        + "    String name, int count, List<String> tags, UUID id, long size, boolean urgent,\n"
        + "    double weight, BigDecimal price, Instant at, LocalDate day, Optional<String> note,\n"
        + "    Set<String> labels, Map<String, Long> totals, List<Line> lines, Integer limit,\n"
        + "    String owner, String region, int[] sizes, Optional<Line> first, Map<String, Line>"
        + " byName,\n"
        + "    Kind kind, short shard, String comment, List<Map<String, String>> attributes) {\n"
        + "  /** A line. */\n"
        + "  public record Line(String sku, int quantity, Optional<BigDecimal> discount) {}\n\n"
        + "  /** A kind. */\n"
        + "  public enum Kind { SMALL, MEDIUM, LARGE }\n"
        + "}\n";
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
