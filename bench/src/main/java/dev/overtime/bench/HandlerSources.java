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
    SMALL("small"),
    /**
     * A handler and a payload record with {@code int}, {@code String}, {@code List<String>}, {@code
     * Map<String, Long>}, returning {@code String}, spread over ten packages (two files): the shape
     * of the performance issue's figures.
     */
    TEN_PACKAGES("ten-packages"),
    /**
     * A handler with a payload record of 30 components of mixed types (primitives and boxes, {@code
     * String}, {@code UUID}, {@code URI}, {@code BigDecimal}, {@code BigInteger}, five {@code
     * java.time} types, an enum, {@code Optional}, {@code List}, {@code Set}, {@code Map}, an
     * {@code int[]}, nested records two levels deep, collections of nested records), and a record
     * result, spread over ten packages (three files). Every handler has its own nested types, so
     * the generated codecs grow with N as the handlers do.
     */
    LARGE_PAYLOAD("large-payload");

    private final String argument;

    Shape(String argument) {
      this.argument = argument;
    }

    /** The source files per handler. */
    public int filesPerHandler() {
      return this == TEN_PACKAGES ? 2 : 3;
    }

    /** Its name on the command line: {@code small}, {@code ten-packages}, {@code large-payload}. */
    public String argument() {
      return argument;
    }

    static Shape parse(String text) {
      for (Shape shape : values()) {
        if (shape.argument.equals(text.trim())) {
          return shape;
        }
      }
      throw new IllegalArgumentException(
          "unknown shape '" + text + "'; use small, ten-packages or large-payload");
    }
  }

  private HandlerSources() {}

  /** Writes {@link Shape#SMALL} sources under {@code root}, as {@link #write(Path, int, Shape)}. */
  public static List<Path> write(Path root, int n) {
    return write(root, n, Shape.SMALL);
  }

  /** Writes the sources under {@code root} and returns the files, for javac's argument file. */
  public static List<Path> write(Path root, int n, Shape shape) {
    try {
      return switch (shape) {
        case TEN_PACKAGES -> writeTenPackages(root, n);
        case LARGE_PAYLOAD -> writeLargePayloads(root, n);
        case SMALL -> writeSmall(root, n);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the generated handlers under " + root, e);
    }
  }

  private static List<Path> writeSmall(Path root, int n) throws IOException {
    Path directory = root.resolve(PACKAGE.replace('.', '/'));
    List<Path> files = new ArrayList<>();
    Files.createDirectories(directory);
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "%04d", i);
      files.add(write(directory.resolve("Payload" + id + ".java"), payload(id)));
      files.add(write(directory.resolve("Result" + id + ".java"), result(PACKAGE, id)));
      files.add(write(directory.resolve("Handler" + id + ".java"), handler(PACKAGE, id, i)));
    }
    return files;
  }

  private static List<Path> writeLargePayloads(Path root, int n) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "%04d", i);
      String pkg = PACKAGE + ".p" + (i % 10);
      Path directory = root.resolve(pkg.replace('.', '/'));
      Files.createDirectories(directory);
      files.add(write(directory.resolve("Payload" + id + ".java"), largePayload(pkg, id)));
      files.add(write(directory.resolve("Result" + id + ".java"), result(pkg, id)));
      files.add(write(directory.resolve("Handler" + id + ".java"), largeHandler(pkg, id, i)));
    }
    return files;
  }

  private static List<Path> writeTenPackages(Path root, int n) throws IOException {
    List<Path> files = new ArrayList<>();
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
    return files;
  }

  /** A payload of 30 components, with its own nested records and enum. */
  private static String largePayload(String pkg, String id) {
    return "package "
        + pkg
        + ";\n\n"
        + "import java.math.BigDecimal;\n"
        + "import java.math.BigInteger;\n"
        + "import java.net.URI;\n"
        + "import java.time.Duration;\n"
        + "import java.time.Instant;\n"
        + "import java.time.LocalDate;\n"
        + "import java.time.LocalDateTime;\n"
        + "import java.time.OffsetDateTime;\n"
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
        + "    String name, int count, long size, boolean urgent, double weight, short shard,\n"
        + "    Integer limit, UUID id, BigDecimal price, BigInteger serial, Instant at, LocalDate"
        + " day,\n"
        + "    LocalDateTime localAt, OffsetDateTime offsetAt, Duration within, Optional<String>"
        + " note,\n"
        + "    Optional<Line> first, List<String> tags, List<Line> lines, Set<Kind> kinds,\n"
        + "    Map<String, Long> totals, Map<String, Line> byName, List<Map<String, String>>"
        + " attributes,\n"
        + "    int[] sizes, Kind kind, Address shipping, Optional<Address> billing, URI link,"
        + " String owner,\n"
        + "    Map<String, List<Line>> groups) {\n"
        + "  /** A line. */\n"
        + "  public record Line(String sku, int quantity, Optional<BigDecimal> discount, Kind kind)"
        + " {}\n\n"
        + "  /** An address. */\n"
        + "  public record Address(String street, String city, Optional<String> zip, Geo geo)"
        + " {}\n\n"
        + "  /** A position. */\n"
        + "  public record Geo(double lat, double lon) {}\n\n"
        + "  /** A kind. */\n"
        + "  public enum Kind { SMALL, MEDIUM, LARGE }\n"
        + "}\n";
  }

  private static final String[] MEMORY = {"256 MB", "512 MB", "2 GB", "7 GB"};

  /** A handler of a {@link #largePayload}, reading a few of its components. */
  private static String largeHandler(String pkg, String id, int index) {
    return "package "
        + pkg
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
        + MEMORY[index % MEMORY.length]
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
        + " for \" + payload.name() + \" in \" + payload.shipping().city());\n"
        + "    long total = payload.count() + payload.size();\n"
        + "    for (Payload"
        + id
        + ".Line line : payload.lines()) {\n"
        + "      total += line.quantity();\n"
        + "    }\n"
        + "    return new Result"
        + id
        + "(payload.name(), total + payload.totals().size());\n"
        + "  }\n"
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

  private static String result(String pkg, String id) {
    return "package "
        + pkg
        + ";\n\n"
        + "/** Result of job-"
        + id
        + ". */\n"
        + "public record Result"
        + id
        + "(String name, long total) {}\n";
  }

  private static String handler(String pkg, String id, int index) {
    return "package "
        + pkg
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
        + MEMORY[index % MEMORY.length]
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
