package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JsonAdapter;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.fixtures.codec.Everything;
import dev.overtime.tests.fixtures.codec.Tree;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The JSON of the generated codecs pinned in golden files under {@code
 * src/test/resources/golden/codecs/}: fixed values of every supported type encode to the bytes of
 * {@code <name>.json}, with the generated codecs and with data binding ({@link JsonCodec}) alike,
 * and decode from them back to the same bytes; and documents broken in each way a strict decoder
 * refuses (unknown property, missing value, {@code null}, wrong type, out of range, not JSON) fail
 * with the path and message of {@code errors.txt}, again with both. {@link GeneratedCodecsTest}
 * compares the two on random values; this test keeps the format itself from drifting, even if both
 * drifted together. After an intended change, regenerate with {@code mvn -pl tests -am verify
 * -Dtest=CodecGoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * -Dovertime.updateGolden=true} and review the diff.
 */
class CodecGoldenFilesTest {
  private static final boolean UPDATE = Boolean.getBoolean("overtime.updateGolden");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "codecs");
  private static final JsonCodec ORACLE = JsonCodec.shared();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final JsonAdapter<Everything> EVERYTHING =
      adapter(Jobs.CODEC_EVERYTHING.payloadJobType());

  /** A value of every type, with the edge cases of each: extremes, escapes, empties, nesting. */
  static Everything full() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("zero", 0L);
    counts.put("min", Long.MIN_VALUE);
    counts.put("", 7L);
    counts.put("quote\"and\\slash", -1L);
    Map<String, List<Tree>> forests = new LinkedHashMap<>();
    forests.put("oak", List.of(tree(2), new Tree("leaf", List.of())));
    forests.put("none", List.of());
    Set<Integer> set = new LinkedHashSet<>(List.of(1, 5, 42)); // the order a HashSet reads back
    return new Everything(
        true,
        Byte.MIN_VALUE,
        Short.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        '"',
        Float.NaN,
        Double.NEGATIVE_INFINITY,
        false,
        Byte.MAX_VALUE,
        Short.MIN_VALUE,
        Integer.MAX_VALUE,
        Long.MIN_VALUE,
        '\u00e9',
        1.0e-7f,
        Double.MAX_VALUE,
        "tab\there, newline\n, NUL \u0000, U+001F \u001f, é, 中, U+2028 \u2028, emoji \ud83d\ude00,"
            + " slash /",
        BigInteger.TEN.pow(1000).subtract(BigInteger.ONE).negate(),
        new BigDecimal("-123456789012345678901234567890.000000000000000000001"),
        UUID.fromString("6f1c2f0e-2d7b-4d7e-9c55-1b1f3f0d9a10"),
        URI.create("https://example.com/a%20b?q=1&r=%C3%A9#frag"),
        Instant.parse("1969-12-31T23:59:59.999999999Z"),
        LocalDate.of(-4712, 1, 1),
        LocalDateTime.of(2026, 2, 28, 23, 59, 59, 1_000),
        OffsetDateTime.of(2026, 12, 24, 18, 0, 0, 0, ZoneOffset.ofHoursMinutes(-9, -30)),
        Duration.ofSeconds(-1, 1),
        Everything.Color.GREEN,
        Optional.of(""),
        Optional.of(tree(1)),
        List.of("a", "", "\\"),
        set,
        List.of(Everything.Color.BLUE, Everything.Color.RED, Everything.Color.BLUE),
        counts,
        forests,
        new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE},
        new byte[] {0, -1, 127, -128, 42},
        new char[] {'h', 'i', '\n'},
        new String[] {"x", ""},
        new Tree[] {new Tree("t", List.of())},
        new double[] {-0.0, 0.1, 1e300, Double.MIN_VALUE},
        List.of(Optional.of(1), Optional.of(-1)),
        tree(3));
  }

  /** The same type with every collection empty and every {@code Optional} empty. */
  static Everything minimal() {
    return new Everything(
        false,
        (byte) 0,
        (short) 0,
        0,
        0L,
        'a',
        0.0f,
        0.0,
        true,
        (byte) 0,
        (short) 0,
        0,
        0L,
        'z',
        0.0f,
        0.0,
        "",
        BigInteger.ZERO,
        BigDecimal.ZERO,
        new UUID(0, 0),
        URI.create("a"),
        Instant.EPOCH,
        LocalDate.EPOCH,
        LocalDateTime.of(1970, 1, 1, 0, 0),
        OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
        Duration.ZERO,
        Everything.Color.RED,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        new LinkedHashSet<>(),
        List.of(),
        Map.of(),
        Map.of(),
        new int[0],
        new byte[0],
        new char[0],
        new String[0],
        new Tree[0],
        new double[0],
        List.of(),
        new Tree("root", List.of()));
  }

  /** A tree {@code depth} levels deep, two children per node. */
  private static Tree tree(int depth) {
    List<Tree> children = new ArrayList<>();
    for (int i = 0; depth > 0 && i < 2; i++) {
      children.add(tree(depth - 1));
    }
    return new Tree("level " + depth, children);
  }

  @Test
  void payloadsEncodeToTheGoldenBytesWithBothCodecs() throws IOException {
    Map<String, Everything> values =
        Map.of("everything-full", full(), "everything-minimal", minimal());
    for (Map.Entry<String, Everything> value : values.entrySet()) {
      String generated = EVERYTHING.encode(value.getValue());
      String expected = golden(value.getKey() + ".json", generated);
      assertEquals(expected, generated, value.getKey() + ", generated codec");
      assertEquals(expected, ORACLE.encode(value.getValue()), value.getKey() + ", data binding");
      // As UTF-8 bytes, Jackson escapes characters beyond the BMP (a String keeps them as they
      // are): the same value, and the same bytes as data binding's.
      String bytes = new String(EVERYTHING.encodeToBytes(value.getValue()), StandardCharsets.UTF_8);
      assertEquals(
          new String(ORACLE.encodeToBytes(value.getValue()), StandardCharsets.UTF_8),
          bytes,
          value.getKey() + ", UTF-8 bytes");
      assertEquals(expected, EVERYTHING.encode(EVERYTHING.decode(bytes)), value.getKey());
    }
  }

  @Test
  void goldenDocumentsDecodeBackToTheirOwnBytes() throws IOException {
    for (String name : List.of("everything-full", "everything-minimal")) {
      String json = read(name + ".json");
      assertEquals(json, EVERYTHING.encode(EVERYTHING.decode(json)), name + ", generated codec");
      assertEquals(
          json, ORACLE.encode(ORACLE.decode(json, Everything.class)), name + ", data binding");
    }
  }

  @Test
  void resultsEncodeToTheGoldenBytesWithBothCodecs() throws IOException {
    Map<String, String> results = new LinkedHashMap<>();
    JsonAdapter<List<Tree>> leaves = adapter(Jobs.CODEC_LEAVES.resultType());
    JsonAdapter<Optional<String>> name = adapter(Jobs.CODEC_FIRST_CHILD.resultType());
    JsonAdapter<Map<String, Long>> sizes = adapter(Jobs.CODEC_SIZES.resultType());
    List<Tree> someLeaves = List.of(new Tree("a", List.of()), new Tree("b", List.of()));
    Map<String, Long> someSizes = new LinkedHashMap<>();
    someSizes.put("left", 3L);
    someSizes.put("right", 1L);
    results.put("leaves", leaves.encode(someLeaves));
    results.put("first-child", name.encode(Optional.of("a")));
    results.put("first-child-empty", name.encode(Optional.empty()));
    results.put("sizes", sizes.encode(someSizes));
    StringBuilder text = new StringBuilder();
    results.forEach((key, json) -> text.append(key).append(": ").append(json).append('\n'));
    String expected = golden("results.txt", text.toString());
    assertEquals(expected, text.toString(), "generated codecs");
    String oracle =
        "leaves: "
            + ORACLE.encode(someLeaves)
            + "\nfirst-child: "
            + ORACLE.encode(Optional.of("a"))
            + "\nfirst-child-empty: "
            + ORACLE.encode(Optional.empty())
            + "\nsizes: "
            + ORACLE.encode(someSizes)
            + "\n";
    assertEquals(expected, oracle, "data binding");
  }

  /** One broken document: how it is made, and whether data binding words it as the codecs do. */
  private record Broken(String label, Supplier<String> document, boolean dataBindingAgrees) {}

  private static List<Broken> brokenDocuments() {
    List<Broken> cases = new ArrayList<>();
    change(cases, "unknown property", root -> root.put("colour", 1));
    change(
        cases,
        "unknown property in a nested record",
        root -> ((ObjectNode) root.at("/tree/children/0")).put("size", 1));
    change(cases, "missing int", root -> root.remove("count"));
    change(
        cases, "missing record component of a nested record", root -> nested(root).remove("name"));
    change(cases, "missing Optional is empty", root -> root.remove("maybe"));
    change(
        cases,
        "missing value reported before an unknown property",
        root -> root.put("colour", 1).remove("text"));
    change(
        cases,
        "wrong type reported before a missing value",
        root -> root.put("count", "5").remove("text"));
    change(cases, "null for a String", root -> root.putNull("text"));
    change(cases, "null for an int", root -> root.putNull("count"));
    change(cases, "null for an Integer", root -> root.putNull("countBox"));
    change(cases, "null for an Optional is empty", root -> root.putNull("maybe"));
    change(
        cases,
        "null as a list element",
        root -> ((ArrayNode) root.get("list")).set(0, NODES.nullNode()));
    change(
        cases,
        "null as an element of a list of Optional",
        root -> ((ArrayNode) root.get("optionals")).set(0, NODES.nullNode()));
    change(cases, "string for an int", root -> root.put("count", "5"));
    change(cases, "decimal for an int", root -> root.put("count", 1.5));
    change(cases, "boolean for a Boolean box given a number", root -> root.put("flagBox", 1));
    change(cases, "number for a String", root -> root.put("text", 5));
    change(cases, "boolean for a String", root -> root.put("text", true));
    change(cases, "object for a list", root -> root.set("list", NODES.objectNode()));
    change(cases, "array for a record", root -> root.set("tree", NODES.arrayNode()));
    change(cases, "array for a map", root -> root.set("counts", NODES.arrayNode()));
    // Data binding words this one two ways (docs/processor.md); the codecs always the same.
    change(cases, "string for an int[]", root -> root.put("ints", "1,2"), false);
    change(cases, "string as an int[] element", root -> ((ArrayNode) root.get("ints")).set(0, "x"));
    change(cases, "out of range byte", root -> root.put("small", 300));
    change(cases, "out of range short", root -> root.put("medium", 70000));
    change(cases, "out of range int", root -> root.put("count", 1L << 40));
    change(
        cases,
        "out of range long",
        root -> root.put("big", new BigInteger("99999999999999999999999")));
    change(cases, "two characters for a char", root -> root.put("letter", "ab"));
    change(cases, "unknown enum constant", root -> root.put("color", "PURPLE"));
    change(cases, "number for an enum", root -> root.put("color", 1));
    change(cases, "Instant not in ISO-8601 form", root -> root.put("at", "yesterday"));
    change(cases, "UUID not in its form", root -> root.put("id", "not-a-uuid"));
    change(cases, "Duration not in ISO-8601 form", root -> root.put("lasts", "5 minutes"));
    change(cases, "base64 that is not base64", root -> root.put("bytes", "%%%"));
    change(
        cases,
        "wrong type deep in a recursive record",
        root -> ((ObjectNode) root.at("/tree/children/1/children/0/children/1")).put("name", 7));
    change(
        cases,
        "wrong type in a map of lists of records",
        root -> ((ObjectNode) root.at("/forests/oak/1")).put("children", "none"));
    change(
        cases,
        "wrong type in an array of records",
        root -> ((ObjectNode) root.at("/trees/0")).put("children", 5));
    change(cases, "wrong type inside an Optional", root -> root.put("maybeTree", "tree"));
    String million = "9".repeat(1_000_000);
    cases.add(
        new Broken(
            "BigInteger of 1,000,000 digits decodes",
            () -> withNumber(full(), "huge", million),
            true));
    cases.add(
        new Broken(
            "BigDecimal of 1,000,000 digits decodes",
            () -> withNumber(full(), "exact", million.substring(1) + ".5"),
            true));
    cases.add(
        new Broken(
            "BigInteger of 1,000,001 digits is out of range",
            () -> withNumber(full(), "huge", million + "9"),
            true));
    String whole = ORACLE.encode(full());
    cases.add(new Broken("empty document", () -> "", true));
    cases.add(new Broken("null document", () -> "null", true));
    cases.add(new Broken("an array for the payload record", () -> "[]", true));
    cases.add(new Broken("not JSON", () -> whole.substring(0, 40), true));
    cases.add(new Broken("a second document after the first", () -> whole + " {}", true));
    // The one deliberate difference (docs/processor.md): data binding also took numbers for dates.
    change(cases, "number for an Instant", root -> root.put("at", 1_700_000_000), false);
    return cases;
  }

  private static void change(List<Broken> cases, String label, Consumer<ObjectNode> change) {
    change(cases, label, change, true);
  }

  private static void change(
      List<Broken> cases, String label, Consumer<ObjectNode> change, boolean dataBindingAgrees) {
    cases.add(
        new Broken(
            label,
            () -> {
              try {
                ObjectNode root = (ObjectNode) ORACLE.readTree(ORACLE.encode(full()));
                change.accept(root);
                return root.toString();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            dataBindingAgrees));
  }

  private static ObjectNode nested(ObjectNode root) {
    return (ObjectNode) root.get("tree");
  }

  private static String withNumber(Everything value, String field, String number) {
    String json = ORACLE.encode(value);
    String changed =
        json.replaceFirst("\"" + field + "\":[^,]*,", "\"" + field + "\":" + number + ",");
    assertTrue(changed.length() >= json.length() + number.length() / 2, field);
    return changed;
  }

  @Test
  void brokenDocumentsFailWithTheGoldenPathAndMessage() throws IOException {
    StringBuilder generated = new StringBuilder();
    List<String> disagreements = new ArrayList<>();
    for (Broken broken : brokenDocuments()) {
      String json = broken.document().get();
      String outcome = outcome(() -> EVERYTHING.decode(json));
      generated.append(broken.label()).append(" => ").append(outcome).append('\n');
      if (broken.dataBindingAgrees()) {
        String oracle = outcome(() -> ORACLE.decode(json, Everything.class));
        if (!oracle.equals(outcome)) {
          disagreements.add(broken.label() + ": data binding " + oracle + ", codecs " + outcome);
        }
      }
    }
    String expected = golden("errors.txt", generated.toString());
    assertEquals(expected, generated.toString());
    assertEquals(List.of(), disagreements);
    assertTrue(expected.contains("unknown property 'colour'"), expected);
    assertTrue(expected.contains("missing required value"), expected);
    assertTrue(expected.contains("wrong type"), expected);
    assertTrue(expected.contains("number out of range"), expected);
  }

  /**
   * {@code OK} or the message; the message starts with the path the exception names, which for
   * every failure below the root names a property or element.
   */
  private static String outcome(Supplier<Object> decode) {
    try {
      decode.get();
      return "OK";
    } catch (InvalidPayloadException e) {
      assertTrue(
          e.getMessage().startsWith(e.path() + ": "),
          "the message names the path " + e.path() + ": " + e.getMessage());
      return e.getMessage();
    }
  }

  /** The golden file's text; in update mode it is (re)written with {@code actual} first. */
  private static String golden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    return read(name);
  }

  private static String read(String name) throws IOException {
    Path file = GOLDEN.resolve(name);
    assertTrue(
        Files.isRegularFile(file),
        "no golden file "
            + file.toAbsolutePath()
            + "; write it with -Dovertime.updateGolden=true and review it");
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static <T> JsonAdapter<T> adapter(JobType<T> type) {
    return (JsonAdapter<T>) type;
  }
}
