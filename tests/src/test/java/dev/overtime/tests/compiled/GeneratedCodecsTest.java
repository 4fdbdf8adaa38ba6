package dev.overtime.tests.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JsonAdapter;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.fixtures.codec.Everything;
import dev.overtime.tests.fixtures.codec.Tree;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The processor's generated codecs against {@link JsonCodec}'s data binding, the format they
 * replace: random values of every supported type encode to the same bytes; documents, valid and
 * broken in every way a field can be broken, decode to the same values or fail with the same path
 * and message.
 */
class GeneratedCodecsTest {
  private static final JsonCodec ORACLE = JsonCodec.shared();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int ROUNDS = 300;
  private static final java.util.regex.Pattern STRING_FOR_PRIMITIVE_ARRAY =
      java.util.regex.Pattern.compile("\\$\\.(ints|doubles) := \".*");

  private static String arrayName(String what) {
    return what.startsWith("$.ints") ? "int[]" : "double[]";
  }

  private static final java.util.regex.Pattern TIME_FIELD =
      java.util.regex.Pattern.compile(
          "\\$\\.(at|day|localAt|offsetAt|lasts) := (?!\"not-a-value\").*");

  @Test
  void everyDescriptorOfTheFixturesCarriesGeneratedCodecs() {
    for (JobDescriptor<?, ?> job : Jobs.all()) {
      assertInstanceOf(JsonAdapter.class, job.payloadJobType(), job.name());
      assertInstanceOf(JsonAdapter.class, job.resultType(), job.name());
    }
  }

  @Test
  void resultTypesAreTheTypesTheJdkReports() throws Exception {
    assertEquals(
        TreeLeavesType.TYPE.type(),
        Jobs.CODEC_LEAVES.resultType().type(),
        "List<Tree> as the JDK reports it");
    assertEquals(TreeLeavesType.TYPE, Jobs.CODEC_LEAVES.resultType());
    assertEquals(TreeLeavesType.TYPE.hashCode(), Jobs.CODEC_LEAVES.resultType().hashCode());
    assertEquals(
        "java.util.List<dev.overtime.tests.fixtures.codec.Tree>",
        Jobs.CODEC_LEAVES.resultType().toString());
  }

  private static final class TreeLeavesType {
    static final JobType<List<Tree>> TYPE = new JobType<List<Tree>>() {};
  }

  @Test
  void randomValuesOfEveryTypeEncodeToTheSameBytes() {
    JsonAdapter<Everything> adapter = adapter(Jobs.CODEC_EVERYTHING.payloadJobType());
    for (long seed = 0; seed < ROUNDS; seed++) {
      Everything value = new Values(new Random(seed), true).everything();
      String expected = ORACLE.encode(value);
      assertEquals(expected, adapter.encode(value), "seed " + seed);
      assertEquals(
          new String(ORACLE.encodeToBytes(value), java.nio.charset.StandardCharsets.UTF_8),
          new String(adapter.encodeToBytes(value), java.nio.charset.StandardCharsets.UTF_8),
          "seed " + seed);
    }
  }

  @Test
  void generatedResultCodecsEncodeAsDataBindingDoes() {
    for (long seed = 0; seed < ROUNDS; seed++) {
      Values values = new Values(new Random(seed));
      List<Tree> leaves = values.list(values::tree);
      assertEquals(ORACLE.encode(leaves), adapter(Jobs.CODEC_LEAVES.resultType()).encode(leaves));
      Optional<String> name = values.optional(values::text);
      assertEquals(ORACLE.encode(name), adapter(Jobs.CODEC_FIRST_CHILD.resultType()).encode(name));
      Map<String, Long> sizes = values.map(values.random::nextLong);
      assertEquals(ORACLE.encode(sizes), adapter(Jobs.CODEC_SIZES.resultType()).encode(sizes));
    }
  }

  @Test
  void randomDocumentsDecodeToTheSameValues() {
    JsonAdapter<Everything> adapter = adapter(Jobs.CODEC_EVERYTHING.payloadJobType());
    for (long seed = 0; seed < ROUNDS; seed++) {
      String json = ORACLE.encode(new Values(new Random(seed)).everything());
      // Arrays compare by identity: compare the values by their (already proven) encoding.
      assertEquals(
          ORACLE.encode(ORACLE.decode(json, Everything.class)),
          ORACLE.encode(adapter.decode(json)),
          "seed " + seed);
    }
  }

  @Test
  void brokenDocumentsFailWithTheSamePathAndMessage() throws Exception {
    JsonAdapter<Everything> adapter = adapter(Jobs.CODEC_EVERYTHING.payloadJobType());
    int failures = 0;
    for (long seed = 0; seed < ROUNDS; seed++) {
      Random random = new Random(seed);
      JsonNode document = ORACLE.readTree(ORACLE.encode(new Values(random).everything()));
      for (int mutation = 0; mutation < 10; mutation++) {
        JsonNode broken = document.deepCopy();
        String what = mutate(broken, random);
        String json = broken.toString();
        String oracle = outcome(() -> ORACLE.encode(ORACLE.decode(json, Everything.class)));
        String generated = outcome(() -> ORACLE.encode(adapter.decode(json)));
        if (TIME_FIELD.matcher(what).matches()) {
          // The one deliberate difference: data binding also took numbers, strings of digits and
          // arrays for dates and durations, which their JSON Schema (an ISO-8601 string) and the
          // docs never allowed.
          assertTrue(
              generated.matches(
                  "InvalidPayloadException at (\\S+): \\1: (wrong type, expected \\w+(, found"
                      + " (a|an) [a-z ]+)?|null is not allowed here.*)"),
              generated + " for " + what);
          continue;
        }
        if (STRING_FOR_PRIMITIVE_ARRAY.matcher(what).matches()) {
          // Data binding words this one case two ways ("wrong type, found a string" for some
          // documents, "wrong type, expected int[]" for others); the codecs always say the latter.
          assertEquals(
              oracle.substring(0, oracle.indexOf(": ")),
              generated.substring(0, generated.indexOf(": ")),
              what);
          assertTrue(generated.endsWith("wrong type, expected " + arrayName(what)), generated);
          continue;
        }
        assertEquals(oracle, generated, "seed " + seed + ", " + what);
        if (oracle.startsWith("InvalidPayloadException")) {
          failures++;
        }
      }
    }
    assertTrue(failures > ROUNDS, "most mutations must break the document: " + failures);
  }

  @Test
  void documentsThatAreNotJsonOrNotOneDocumentFailAlike() {
    JsonAdapter<Everything> everything = adapter(Jobs.CODEC_EVERYTHING.payloadJobType());
    JsonAdapter<Tree> tree = adapter(Jobs.CODEC_LEAVES.payloadJobType());
    JsonAdapter<List<Tree>> leaves = adapter(Jobs.CODEC_LEAVES.resultType());
    JsonAdapter<Optional<String>> name = adapter(Jobs.CODEC_FIRST_CHILD.resultType());
    for (String json :
        List.of(
            "",
            "  ",
            "null",
            "{",
            "{\"name\": }",
            "{\"name\":\"a\",\"children\":[]} {}",
            "{\"name\":\"a\",\"children\":[]} x",
            "[]",
            "5",
            "\"text\"",
            "{\"name\":\"a\",\"children\":[null]}",
            "{\"name\":\"a\",\"children\":[{\"name\":\"b\"}]}",
            "{\"name\":\"a\",\"children\":{}}")) {
      assertSame(json, Everything.class, everything);
      assertSame(json, Tree.class, tree);
      assertSame(json, Jobs.CODEC_LEAVES.resultType(), leaves);
      assertSame(json, Jobs.CODEC_FIRST_CHILD.resultType(), name);
    }
  }

  @Test
  void numbersOfAMillionDigitsDecodeAndTooLargeOnesAreOutOfRange() {
    JsonAdapter<Everything> adapter = adapter(Jobs.CODEC_EVERYTHING.payloadJobType());
    String json = ORACLE.encode(new Values(new Random(1)).everything());
    String digits = "9".repeat(1_000_000);
    for (String field : List.of("count", "big", "countBox", "small", "medium")) {
      // (Data binding's message reads the document again as a tree: 100,000 digits keep it quick.)
      String broken = withNumber(json, field, digits.substring(900_000));
      assertEquals(
          outcome(() -> ORACLE.encode(ORACLE.decode(broken, Everything.class))),
          outcome(() -> ORACLE.encode(adapter.decode(broken))),
          field);
    }
    String huge = withNumber(json, "huge", digits);
    assertEquals(ORACLE.decode(huge, Everything.class).huge(), adapter.decode(huge).huge());
    String exact = withNumber(json, "exact", digits.substring(900_000) + ".5");
    assertEquals(ORACLE.decode(exact, Everything.class).exact(), adapter.decode(exact).exact());
    String share = withNumber(json, "share", digits.substring(900_000));
    assertEquals(ORACLE.decode(share, Everything.class).share(), adapter.decode(share).share());
    String tooLong = withNumber(json, "huge", digits + "9");
    assertEquals(
        outcome(() -> ORACLE.encode(ORACLE.decode(tooLong, Everything.class))),
        outcome(() -> ORACLE.encode(adapter.decode(tooLong))));
  }

  private static String withNumber(String json, String field, String number) {
    String changed =
        json.replaceFirst("\"" + field + "\":[^,]*,", "\"" + field + "\":" + number + ",");
    assertTrue(changed.length() > json.length() + number.length() / 2, field);
    return changed;
  }

  private static <T> void assertSame(String json, Object type, JsonAdapter<T> adapter) {
    @SuppressWarnings("unchecked")
    JobType<T> jobType =
        type instanceof Class<?> c ? (JobType<T>) JobType.of(c) : (JobType<T>) type;
    // A JobType that is not a JsonAdapter goes through data binding.
    JobType<T> bound = JobType.of(Object.class) == null ? null : rebind(jobType);
    assertEquals(
        outcome(() -> ORACLE.encode(ORACLE.decode(json, bound))),
        outcome(() -> ORACLE.encode(adapter.decode(json))),
        json + " as " + type);
  }

  /** The same type, as a plain JobType (so that JsonCodec decodes it with data binding). */
  @SuppressWarnings("unchecked")
  private static <T> JobType<T> rebind(JobType<T> type) {
    return (JobType<T>) new Rebound(type.type());
  }

  private static final class Rebound extends JobType<Object> {
    Rebound(java.lang.reflect.Type type) {
      super(type);
    }
  }

  private static String outcome(java.util.function.Supplier<String> decode) {
    try {
      return "OK " + decode.get();
    } catch (InvalidPayloadException e) {
      return "InvalidPayloadException at " + e.path() + ": " + e.getMessage();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> JsonAdapter<T> adapter(JobType<T> type) {
    return (JsonAdapter<T>) type;
  }

  /** Breaks one value of the document (or its shape) and says how. */
  private static String mutate(JsonNode root, Random random) {
    List<Object[]> slots = new ArrayList<>();
    collect(root, "$", slots);
    Object[] slot = slots.get(random.nextInt(slots.size()));
    JsonNode parent = (JsonNode) slot[0];
    Object key = slot[1];
    String path = (String) slot[2];
    int kind = random.nextInt(14);
    JsonNode replacement =
        switch (kind) {
          case 0 -> NODES.textNode("5");
          case 1 -> NODES.numberNode(5);
          case 2 -> NODES.numberNode(1.5);
          case 3 -> NODES.booleanNode(true);
          case 4 -> NODES.nullNode();
          case 5 -> NODES.arrayNode();
          case 6 -> NODES.objectNode();
          case 7 -> NODES.numberNode(new BigInteger("99999999999999999999999"));
          case 8 -> NODES.numberNode(300);
          case 9 -> NODES.numberNode(70000);
          case 10 -> NODES.numberNode(1L << 40);
          case 11 -> NODES.textNode("not-a-value");
          default -> null; // 12: remove it, 13: add an unknown sibling
        };
    if (parent instanceof ObjectNode object) {
      if (kind == 12) {
        object.remove((String) key);
        return "removed " + path;
      }
      if (kind == 13) {
        object.put("unknown", 1);
        return "unknown property next to " + path;
      }
      object.set((String) key, replacement);
    } else {
      ArrayNode array = (ArrayNode) parent;
      if (kind >= 12) {
        array.add(NODES.textNode("extra"));
        return "extra element after " + path;
      }
      array.set((Integer) key, replacement);
    }
    return path + " := " + replacement;
  }

  private static void collect(JsonNode node, String path, List<Object[]> slots) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        slots.add(new Object[] {object, name, path + "." + name});
        collect(object.get(name), path + "." + name, slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Object[] {array, i, path + "[" + i + "]"});
        collect(array.get(i), path + "[" + i + "]", slots);
      }
    }
  }

  /** Random values of every supported type, edge cases included. */
  static final class Values {
    final Random random;
    private final boolean nulls;
    private int depth;

    /** Values that decode: no {@code null} outside {@code Optional}. */
    Values(Random random) {
      this(random, false);
    }

    /** Values that may also hold {@code null} where data binding writes it but refuses it. */
    Values(Random random, boolean nulls) {
      this.random = random;
      this.nulls = nulls;
    }

    Everything everything() {
      return new Everything(
          random.nextBoolean(),
          (byte) random.nextInt(),
          (short) random.nextInt(),
          pick(random.nextInt(), Integer.MIN_VALUE, Integer.MAX_VALUE, 0),
          pick(random.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE, 0L),
          letter(),
          pick(Float.intBitsToFloat(random.nextInt()), Float.NaN, Float.POSITIVE_INFINITY, 0.1f),
          pick(
              Double.longBitsToDouble(random.nextLong()),
              Double.NaN,
              Double.NEGATIVE_INFINITY,
              -0.0),
          nullable(random::nextBoolean),
          nullable(() -> (byte) random.nextInt()),
          nullable(() -> (short) random.nextInt()),
          nullable(random::nextInt),
          nullable(random::nextLong),
          nullable(this::letter),
          nullable(() -> random.nextFloat() * 1e6f),
          nullable(random::nextGaussian),
          nullable(this::text),
          nullable(this::huge),
          nullable(this::exact),
          nullable(() -> new UUID(random.nextLong(), random.nextLong())),
          nullable(() -> URI.create("https://example.com/" + random.nextInt(1000) + "?q=a%20b")),
          nullable(this::instant),
          nullable(() -> LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000)),
          nullable(() -> LocalDateTime.ofEpochSecond(random.nextInt(), nanos(), ZoneOffset.UTC)),
          nullable(
              () ->
                  OffsetDateTime.ofInstant(
                      instant(), ZoneOffset.ofTotalSeconds(60 * (random.nextInt(1080) - 540)))),
          nullable(() -> Duration.ofSeconds(random.nextInt(), nanos())),
          nullable(this::color),
          optional(this::text),
          optional(this::tree),
          nullable(() -> list(this::text)),
          nullable(() -> set(random::nextInt)),
          nullable(() -> list(this::color)),
          nullable(() -> map(random::nextLong)),
          nullable(() -> map(() -> list(this::tree))),
          nullable(() -> random.ints(random.nextInt(4)).toArray()),
          nullable(this::bytes),
          nullable(() -> text().toCharArray()),
          nullable(() -> list(this::text).toArray(String[]::new)),
          nullable(() -> list(this::tree).toArray(Tree[]::new)),
          nullable(() -> random.doubles(random.nextInt(4)).toArray()),
          nullable(() -> list(() -> nulls ? optional(random::nextInt) : Optional.of(1))),
          nullable(this::tree));
    }

    private <T> T pick(T usual, T a, T b, T c) {
      return switch (random.nextInt(8)) {
        case 0 -> a;
        case 1 -> b;
        case 2 -> c;
        default -> usual;
      };
    }

    private <T> T nullable(java.util.function.Supplier<T> value) {
      return nulls && random.nextInt(10) == 0 ? null : value.get();
    }

    <T> Optional<T> optional(java.util.function.Supplier<T> value) {
      return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value.get());
    }

    <T> List<T> list(java.util.function.Supplier<T> value) {
      List<T> list = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        list.add(value.get());
      }
      return list;
    }

    private <T> Set<T> set(java.util.function.Supplier<T> value) {
      return new HashSet<>(list(value));
    }

    <T> Map<String, T> map(java.util.function.Supplier<T> value) {
      Map<String, T> map = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        map.put(text(), value.get());
      }
      return map;
    }

    private int nanos() {
      return random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
    }

    private Instant instant() {
      return Instant.ofEpochSecond(random.nextInt() * 4L, nanos());
    }

    private char letter() {
      String letters = "aZ09 \"\\\n\t\u0000\u001f\u00e9\u4e2d\u2028/";
      return letters.charAt(random.nextInt(letters.length()));
    }

    String text() {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(8); i > 0; i--) {
        text.append(random.nextInt(10) == 0 ? "\ud83d\ude00" : String.valueOf(letter()));
      }
      return text.toString();
    }

    private BigInteger huge() {
      return new BigInteger(random.nextInt(300) + 1, random).subtract(BigInteger.TEN.pow(20));
    }

    private BigDecimal exact() {
      return new BigDecimal(huge(), random.nextInt(60) - 30);
    }

    private byte[] bytes() {
      byte[] bytes = new byte[random.nextInt(10)];
      random.nextBytes(bytes);
      return bytes;
    }

    private Everything.Color color() {
      return Everything.Color.values()[random.nextInt(3)];
    }

    Tree tree() {
      depth++;
      try {
        List<Tree> children = depth > 3 ? List.of() : list(this::tree);
        return new Tree(text(), children);
      } finally {
        depth--;
      }
    }
  }
}
