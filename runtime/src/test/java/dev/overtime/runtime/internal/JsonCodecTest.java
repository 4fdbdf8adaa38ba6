package dev.overtime.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  public record Item(String name, int count) {}

  public record Stamp(Instant at, String label) {}

  public record Order(
      String id,
      Optional<String> note,
      List<Item> items,
      Map<String, Integer> tags,
      Instant at,
      Duration within) {}

  private final JsonCodec codec = JsonCodec.shared();

  @Test
  void roundTripsARecordWithOptionalCollectionsAndTime() {
    Order order =
        new Order(
            "o1",
            Optional.empty(),
            List.of(new Item("a", 2)),
            Map.of("x", 1),
            Instant.parse("2026-01-01T00:00:00Z"),
            Duration.ofMinutes(3));
    String json = codec.encode(order);
    assertEquals(order, codec.decode(json, Order.class));
    assertTrue(json.contains("\"2026-01-01T00:00:00Z\""), json);
    assertTrue(json.contains("\"PT3M\""), json);
  }

  @Test
  void decodesAResultOfTensOfThousandsOfDigits() throws Exception {
    // 20,000! has 77,338 digits; Jackson's default limit (1,000 digits) made such outcomes
    // unreadable.
    BigInteger big = BigInteger.TEN.pow(80_000).subtract(BigInteger.ONE);
    String json = JsonCodec.shared().encode(big);
    assertEquals(big, JsonCodec.shared().decode(json, JobType.of(BigInteger.class)));
    assertEquals(big, JsonCodec.shared().readTree(json).bigIntegerValue());
  }

  @Test
  void missingOptionalIsEmptyAndNullOptionalIsEmpty() {
    String base =
        "\"id\":\"o\",\"items\":[],\"tags\":{},\"at\":\"2026-01-01T00:00:00Z\",\"within\":\"PT1S\"";
    assertEquals(Optional.empty(), codec.decode("{" + base + "}", Order.class).note());
    assertEquals(
        Optional.empty(), codec.decode("{" + base + ",\"note\":null}", Order.class).note());
  }

  @Test
  void unknownPropertyNamesItsPath() {
    InvalidPayloadException e =
        assertThrows(
            InvalidPayloadException.class,
            () -> codec.decode("{\"name\":\"a\",\"count\":1,\"colour\":2}", Item.class));
    assertEquals("$.colour", e.path());
  }

  @Test
  void missingValueNamesItsPath() {
    InvalidPayloadException e =
        assertThrows(
            InvalidPayloadException.class, () -> codec.decode("{\"name\":\"a\"}", Item.class));
    assertEquals("$.count", e.path());
  }

  @Test
  void wrongTypeInANestedListNamesItsPath() {
    InvalidPayloadException e =
        assertThrows(
            InvalidPayloadException.class,
            () ->
                codec.decode(
                    "[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":\"two\"}]",
                    new JobType<List<Item>>() {}));
    assertEquals("$[1].count", e.path());
  }

  @Test
  void nullForARequiredStringIsRejected() {
    InvalidPayloadException e =
        assertThrows(
            InvalidPayloadException.class,
            () -> codec.decode("{\"name\":null,\"count\":1}", Item.class));
    assertEquals("$.name", e.path());
  }

  @Test
  void stringIsNotCoercedToANumber() {
    InvalidPayloadException e =
        assertThrows(
            InvalidPayloadException.class,
            () -> codec.decode("{\"name\":\"a\",\"count\":\"1\"}", Item.class));
    assertEquals("$.count", e.path());
  }

  @Test
  void bigIntegerRoundTripsAsANumber() {
    BigInteger value = new BigInteger("2432902008176640000");
    assertEquals("2432902008176640000", codec.encode(value));
    assertEquals(value, codec.decode("2432902008176640000", BigInteger.class));
  }

  @Test
  void notJsonIsRejectedAtTheRoot() {
    InvalidPayloadException e =
        assertThrows(InvalidPayloadException.class, () -> codec.decode("{nope", Item.class));
    assertEquals("$", e.path());
  }

  @Test
  void errorsNameTheKindOfValueButNeverQuoteThePayload() {
    InvalidPayloadException wrongType =
        assertThrows(
            InvalidPayloadException.class,
            () -> codec.decode("{\"name\":\"a\",\"count\":\"secret-value\"}", Item.class));
    assertEquals("$.count: wrong type, expected int, found a string", wrongType.getMessage());
    InvalidPayloadException outOfRange =
        assertThrows(
            InvalidPayloadException.class,
            () -> codec.decode("{\"name\":\"a\",\"count\":98765432109876}", Item.class));
    assertTrue(!outOfRange.getMessage().contains("98765432109876"), outOfRange.getMessage());
    InvalidPayloadException notJson =
        assertThrows(
            InvalidPayloadException.class, () -> codec.decode("{\"name\": secret}", Item.class));
    assertTrue(!notJson.getMessage().contains("secret"), notJson.getMessage());
  }

  @Test
  void missingNullAndOutOfRangeAreToldApartWithoutQuotingTheValue() {
    assertEquals(
        "$.count: missing required value; add it, or make the record component Optional",
        assertThrows(
                InvalidPayloadException.class, () -> codec.decode("{\"name\":\"a\"}", Item.class))
            .getMessage());
    assertEquals(
        "$.count: null is not allowed here; give a value, or make the record component Optional",
        assertThrows(
                InvalidPayloadException.class,
                () -> codec.decode("{\"name\":\"a\",\"count\":null}", Item.class))
            .getMessage());
    assertEquals(
        "$.count: number out of range",
        assertThrows(
                InvalidPayloadException.class,
                () -> codec.decode("{\"name\":\"a\",\"count\":98765432109876}", Item.class))
            .getMessage());
    assertEquals(
        "$: number out of range",
        assertThrows(
                InvalidPayloadException.class, () -> codec.decode("98765432109876", Integer.class))
            .getMessage());
  }

  @Test
  void wrongTypeNamesTheKindOfValueFoundButNotForAStringOfTheWrongForm() {
    assertEquals(
        "$.label: wrong type, expected String, found a decimal number",
        assertThrows(
                InvalidPayloadException.class,
                () -> codec.decode("{\"at\":\"2026-01-01T00:00:00Z\",\"label\":1.5}", Stamp.class))
            .getMessage());
    assertEquals(
        "$.at: wrong type, expected Instant",
        assertThrows(
                InvalidPayloadException.class,
                () -> codec.decode("{\"at\":\"yesterday\",\"label\":\"x\"}", Stamp.class))
            .getMessage());
    assertEquals(
        "$[1]: wrong type, expected Item, found an array",
        assertThrows(
                InvalidPayloadException.class,
                () ->
                    codec.decode("[{\"name\":\"a\",\"count\":1},[]]", new JobType<List<Item>>() {}))
            .getMessage());
  }

  @Test
  void offersNoMapperThatACallerCouldReconfigure() {
    for (Method method : JsonCodec.class.getMethods()) {
      if (!Modifier.isPublic(method.getModifiers())) {
        continue;
      }
      for (Class<?> exposed :
          List.of(ObjectMapper.class, ObjectReader.class, ObjectWriter.class, JsonFactory.class)) {
        assertTrue(
            !exposed.isAssignableFrom(method.getReturnType()),
            "JsonCodec." + method.getName() + " hands out a " + exposed.getSimpleName());
      }
    }
  }

  @Test
  void aCallersOwnMapperAndTreesLeaveTheWireFormatAlone() throws Exception {
    ObjectMapper own =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    own.writeValueAsString(java.util.Map.of("a", 1));
    ObjectNode tree =
        (ObjectNode) codec.readTree("{\"at\":\"2026-01-01T00:00:00Z\",\"label\":\"x\"}");
    tree.put("label", 5);
    Stamp stamp = new Stamp(Instant.parse("2026-01-01T00:00:00Z"), "x");
    assertEquals("{\"at\":\"2026-01-01T00:00:00Z\",\"label\":\"x\"}", codec.encode(stamp));
    assertEquals(
        codec.encode(stamp),
        new String(codec.encodeToBytes(stamp), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(
        "x",
        codec.readTree("{\"at\":\"2026-01-01T00:00:00Z\",\"label\":\"x\"}").get("label").asText());
  }
}
