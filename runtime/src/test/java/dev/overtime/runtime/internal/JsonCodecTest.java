package dev.overtime.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  public record Item(String name, int count) {}

  public record Order(String id, Optional<String> note, List<Item> items, Map<String, Integer> tags,
      Instant at, Duration within) {}

  private final JsonCodec codec = JsonCodec.shared();

  @Test
  void roundTripsARecordWithOptionalCollectionsAndTime() {
    Order order = new Order("o1", Optional.empty(), List.of(new Item("a", 2)), Map.of("x", 1),
        Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(3));
    String json = codec.encode(order);
    assertEquals(order, codec.decode(json, Order.class));
    assertTrue(json.contains("\"2026-01-01T00:00:00Z\""), json);
    assertTrue(json.contains("\"PT3M\""), json);
  }

  @Test
  void decodesAResultOfTensOfThousandsOfDigits() throws Exception {
    // 20,000! has 77,338 digits; Jackson's default limit (1,000 digits) made such outcomes unreadable.
    BigInteger big = BigInteger.TEN.pow(80_000).subtract(BigInteger.ONE);
    String json = JsonCodec.shared().encode(big);
    assertEquals(big, JsonCodec.shared().decode(json, JobType.of(BigInteger.class)));
    assertEquals(big, JsonCodec.shared().mapper().readTree(json).bigIntegerValue());
  }

  @Test
  void missingOptionalIsEmptyAndNullOptionalIsEmpty() {
    String base = "\"id\":\"o\",\"items\":[],\"tags\":{},\"at\":\"2026-01-01T00:00:00Z\",\"within\":\"PT1S\"";
    assertEquals(Optional.empty(), codec.decode("{" + base + "}", Order.class).note());
    assertEquals(Optional.empty(), codec.decode("{" + base + ",\"note\":null}", Order.class).note());
  }

  @Test
  void unknownPropertyNamesItsPath() {
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\":\"a\",\"count\":1,\"colour\":2}", Item.class));
    assertEquals("$.colour", e.path());
  }

  @Test
  void missingValueNamesItsPath() {
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\":\"a\"}", Item.class));
    assertEquals("$.count", e.path());
  }

  @Test
  void wrongTypeInANestedListNamesItsPath() {
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":\"two\"}]",
            new JobType<List<Item>>() {}));
    assertEquals("$[1].count", e.path());
  }

  @Test
  void nullForARequiredStringIsRejected() {
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\":null,\"count\":1}", Item.class));
    assertEquals("$.name", e.path());
  }

  @Test
  void stringIsNotCoercedToANumber() {
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
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
    InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{nope", Item.class));
    assertEquals("$", e.path());
  }

  @Test
  void errorsNameTheKindOfValueButNeverQuoteThePayload() {
    InvalidPayloadException wrongType = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\":\"a\",\"count\":\"secret-value\"}", Item.class));
    assertEquals("$.count: wrong type, expected int, found a string", wrongType.getMessage());
    InvalidPayloadException outOfRange = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\":\"a\",\"count\":98765432109876}", Item.class));
    assertTrue(!outOfRange.getMessage().contains("98765432109876"), outOfRange.getMessage());
    InvalidPayloadException notJson = assertThrows(InvalidPayloadException.class,
        () -> codec.decode("{\"name\": secret}", Item.class));
    assertTrue(!notJson.getMessage().contains("secret"), notJson.getMessage());
  }
}
