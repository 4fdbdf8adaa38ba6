package dev.overtime.runtime.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.overtime.runtime.InvalidPayloadException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.UUID;

/**
 * A strict reader over a {@link JsonParser} for generated decoders: it knows the JSON path of the
 * current value and turns every problem into an {@link InvalidPayloadException} that names it, with
 * {@link JsonCodec}'s wording. It never quotes the offending value: payloads must not reach logs.
 *
 * <p>Each {@code read…} method expects the parser on the value's first token and leaves it on its
 * last.
 */
public final class JsonReading {
  static final String NULL_NOT_ALLOWED =
      "null is not allowed here; give a value, or make the record component Optional";
  static final String MISSING =
      "missing required value; add it, or make the record component Optional";

  private final JsonParser parser;
  private Object[] path = new Object[16];
  private int depth;

  JsonReading(JsonParser parser) {
    this.parser = parser;
  }

  /** The parser, positioned on the current value's token. */
  public JsonParser parser() {
    return parser;
  }

  /** Whether the current value is JSON {@code null}. */
  public boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  /**
   * Whether the current value is a string, which data binding would have to coerce to a number: its
   * messages then name the primitive array being read, not the element.
   */
  public boolean coercing() {
    return parser.currentToken() == JsonToken.VALUE_STRING;
  }

  /** Skips the current value, children included. */
  public void skip() throws IOException {
    parser.skipChildren();
  }

  // Structure --------------------------------------------------------------------------------

  /**
   * Checks that the current value is an object.
   *
   * @param expected the simple name of the type read, for the message
   */
  public void beginObject(String expected) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(expected);
    }
  }

  /**
   * Moves to the next property of the current object and onto its value: its name, or {@code null}
   * at the object's end. The name is part of the path until {@link #leave()}.
   */
  public String nextField() throws IOException {
    String name = parser.nextFieldName();
    if (name == null) {
      return null;
    }
    push(name);
    parser.nextToken();
    return name;
  }

  /**
   * Checks that the current value is an array.
   *
   * @param expected the simple name of the type read, for the message
   */
  public void beginArray(String expected) {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(expected);
    }
  }

  /**
   * Checks that the current value is an array, for a Java array: a string there is a value of the
   * wrong form (data binding's message names no kind).
   *
   * @param expected the simple name of the type read, for the message
   */
  public void beginArrayNotString(String expected) {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      throw new WrongType(
          path(), "wrong type, expected " + expected, "wrong type, expected " + expected);
    }
    beginArray(expected);
  }

  /**
   * Checks that the current value is an array, for a Java array of objects: data binding names no
   * expected type when it finds a string there.
   *
   * @param expected the simple name of the type read, for the message
   */
  public void beginObjectArray(String expected) {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      throw new WrongType(path(), "wrong type, found a string", "wrong type");
    }
    beginArray(expected);
  }

  /**
   * Moves onto element {@code index} of the current array: false at the array's end. The index is
   * part of the path until {@link #leave()}.
   */
  public boolean nextElement(int index) throws IOException {
    if (parser.nextToken() == JsonToken.END_ARRAY) {
      return false;
    }
    push(index);
    return true;
  }

  /**
   * Moves to the next key of the current map and onto its value, as {@link #nextField()}: its key,
   * or {@code null} at the map's end.
   */
  public String nextKey() throws IOException {
    String key = parser.nextFieldName();
    if (key == null) {
      return null;
    }
    push(new MapKey(key));
    parser.nextToken();
    return key;
  }

  /** A map key in the path: data binding leaves it out of the path of a number out of range. */
  private record MapKey(String key) {
    @Override
    public String toString() {
      return key;
    }
  }

  /** Ends the property or element entered last. */
  public void leave() {
    path[--depth] = null;
  }

  private void push(Object segment) {
    if (depth == path.length) {
      path = Arrays.copyOf(path, depth * 2);
    }
    path[depth++] = segment;
  }

  /** The JSON path of the current value, for example {@code $.items[2].name}. */
  public String path() {
    return path(depth);
  }

  private String path(int depth) {
    StringBuilder text = new StringBuilder("$");
    for (int i = 0; i < depth; i++) {
      if (path[i] instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        text.append('.').append(path[i]);
      }
    }
    return text.toString();
  }

  // Errors -----------------------------------------------------------------------------------

  /** The current value is of the wrong kind (or {@code null}) for {@code expected}. */
  public InvalidPayloadException wrongType(String expected) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return nullNotAllowed();
    }
    String kindless = "wrong type, expected " + expected;
    return new WrongType(path(), kindless + kindOf(token), kindless);
  }

  /**
   * A problem whose message depends on the value found (its kind, or that there is none), which
   * {@link JsonCodec} cannot tell when the document turns out not to be JSON at all: then it says
   * only "wrong type, expected …".
   */
  static final class WrongType extends InvalidPayloadException {
    private static final long serialVersionUID = 1L;
    private final String unreadable;

    WrongType(String path, String message, String unreadable) {
      super(path, message, null);
      this.unreadable = unreadable;
    }

    InvalidPayloadException withoutKind() {
      return new InvalidPayloadException(path(), unreadable, null);
    }
  }

  /** The current value is a string of the wrong form for {@code expected} (a bad date, enum …). */
  public InvalidPayloadException badForm(String expected, Throwable cause) {
    return new InvalidPayloadException(path(), "wrong type, expected " + expected, cause);
  }

  /** The current value is JSON {@code null} where none is allowed. */
  public InvalidPayloadException nullNotAllowed() {
    return new InvalidPayloadException(path(), NULL_NOT_ALLOWED, null);
  }

  /** The current number does not fit {@code expected}. */
  public InvalidPayloadException outOfRange(String expected, Throwable cause) {
    // Data binding's map reader passes the parser's exception on without adding the key.
    boolean mapValue = depth > 0 && path[depth - 1] instanceof MapKey;
    return new InvalidPayloadException(
        mapValue ? path(depth - 1) : path(), "number out of range", cause);
  }

  /**
   * Property {@code name} of the object just read is not a component of the record.
   *
   * @param known the record's components, as {@code [a, b]}
   */
  public InvalidPayloadException unknownProperty(String name, String known) {
    push(name);
    return new InvalidPayloadException(
        path(),
        "unknown property '"
            + name
            + "'; known properties: "
            + known
            + ". Remove it, or check its spelling.",
        null);
  }

  /**
   * Component {@code name} of the object just read is missing.
   *
   * @param expected the simple name of its type, for the message when the document is not JSON
   */
  public InvalidPayloadException missing(String name, String expected) {
    push(name);
    return new WrongType(path(), MISSING, "wrong type, expected " + expected);
  }

  /** A second value after the document's. */
  InvalidPayloadException trailingToken(Object expected) {
    return new InvalidPayloadException("$", "wrong type, expected " + simpleName(expected), null);
  }

  static String simpleName(Object type) {
    String name = String.valueOf(type);
    int generic = name.indexOf('<');
    String raw = generic < 0 ? name : name.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** Not the parser's message: it quotes the offending text of the payload. */
  static InvalidPayloadException notJson(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return new InvalidPayloadException(
        "$",
        "not valid JSON"
            + (location == null
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"),
        e);
  }

  private static String kindOf(JsonToken token) {
    if (token == null) {
      return "";
    }
    return switch (token) {
      case VALUE_STRING -> ", found a string";
      case VALUE_NUMBER_INT -> ", found a whole number";
      case VALUE_NUMBER_FLOAT -> ", found a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> ", found a boolean";
      case START_ARRAY -> ", found an array";
      case START_OBJECT -> ", found an object";
      default -> "";
    };
  }

  // Scalars ----------------------------------------------------------------------------------

  /** A JSON boolean. */
  public boolean readBoolean(String expected) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw wrongType(expected);
  }

  /** A whole number from -128 to 255, as a byte (255 is -1), as Jackson reads bytes. */
  public byte readByte(String expected) throws IOException {
    int value = readInt(expected);
    if (value < Byte.MIN_VALUE || value > 255) {
      throw outOfRange(expected, null);
    }
    return (byte) value;
  }

  /** A whole number from -32768 to 32767. */
  public short readShort(String expected) throws IOException {
    int value = readInt(expected);
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw outOfRange(expected, null);
    }
    return (short) value;
  }

  /** A whole number that fits an {@code int}. */
  public int readInt(String expected) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(expected);
    }
    try {
      return parser.getIntValue();
    } catch (InputCoercionException e) {
      throw outOfRange(expected, e);
    }
  }

  /** A whole number that fits a {@code long}. */
  public long readLong(String expected) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(expected);
    }
    try {
      return parser.getLongValue();
    } catch (InputCoercionException e) {
      throw outOfRange(expected, e);
    }
  }

  /** A whole number of up to a million digits. */
  public BigInteger readBigInteger(String expected) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(expected);
    }
    return parser.getBigIntegerValue();
  }

  /** Any number, exactly. */
  public BigDecimal readBigDecimal(String expected) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw wrongType(expected);
    }
    return parser.getDecimalValue();
  }

  /**
   * Any number, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} as Jackson writes them.
   */
  public double readDouble(String expected) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getDoubleValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      Double special = special(parser.getText());
      if (special != null) {
        return special;
      }
    }
    throw wrongType(expected);
  }

  /** As {@link #readDouble}, for a {@code float}. */
  public float readFloat(String expected) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getFloatValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      Double special = special(parser.getText());
      if (special != null) {
        return special.floatValue();
      }
    }
    throw wrongType(expected);
  }

  private static Double special(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity", "INF" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  /** A string of one character. */
  public char readChar(String expected) throws IOException {
    String text = readString(expected);
    if (text.length() != 1) {
      throw wrongType(expected);
    }
    return text.charAt(0);
  }

  /** A JSON string. */
  public String readString(String expected) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(expected);
    }
    return parser.getText();
  }

  /**
   * A string, as a {@code char[]} (Jackson writes {@code char[]} as a string), or, as data binding
   * also reads it, an array of one-character strings.
   */
  public char[] readChars(String expected) throws IOException {
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      StringBuilder chars = new StringBuilder();
      for (int i = 0; nextElement(i); i++) {
        chars.append(readChar(expected));
        leave();
      }
      return chars.toString().toCharArray();
    }
    return readString(expected).toCharArray();
  }

  /**
   * A base64 string, as Jackson writes {@code byte[]}, or, as data binding also reads it, an array
   * of whole numbers from -128 to 255.
   */
  public byte[] readBytes(String expected) throws IOException {
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int i = 0; nextElement(i); i++) {
        bytes.write(readByte(expected));
        leave();
      }
      return bytes.toByteArray();
    }
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(expected);
    }
    try {
      return parser.getBinaryValue(Base64Variants.getDefaultVariant());
    } catch (JsonProcessingException e) {
      throw badForm(expected, e);
    }
  }

  /**
   * The text of a scalar, for the types data binding reads from any scalar's text ({@code UUID},
   * {@code URI}): a number or boolean counts as its text.
   */
  private String scalarText(String expected) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null || token == JsonToken.VALUE_NULL || !token.isScalarValue()) {
      throw wrongType(expected);
    }
    return parser.getText();
  }

  /** A value of the wrong form: a string's message names no kind, any other's does. */
  private InvalidPayloadException wrongForm(String expected, Throwable cause) {
    return parser.currentToken() == JsonToken.VALUE_STRING
        ? badForm(expected, cause)
        : wrongType(expected);
  }

  /** A UUID in its 36-character form, or its 16 bytes in base64 (24 characters). */
  public UUID readUuid(String expected) throws IOException {
    String text = scalarText(expected);
    try {
      if (text.length() == 24) {
        byte[] bytes = Base64Variants.getDefaultVariant().decode(text);
        if (bytes.length == 16) {
          java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
          return new UUID(buffer.getLong(), buffer.getLong());
        }
      }
      if (text.length() != 36) {
        throw wrongForm(expected, null);
      }
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw wrongForm(expected, e);
    }
  }

  /** A URI reference. */
  public URI readUri(String expected) throws IOException {
    String text = scalarText(expected);
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw wrongForm(expected, e);
    }
  }

  /** An ISO-8601 instant, {@code 2026-11-27T07:00:00Z}. */
  public Instant readInstant(String expected) throws IOException {
    String text = readString(expected).trim();
    try {
      return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
    } catch (DateTimeException e) {
      throw badForm(expected, e);
    }
  }

  /** An ISO-8601 date-time with an offset, kept as given. */
  public OffsetDateTime readOffsetDateTime(String expected) throws IOException {
    String text = readString(expected).trim();
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeException e) {
      throw badForm(expected, e);
    }
  }

  /** An ISO-8601 local date. */
  public LocalDate readLocalDate(String expected) throws IOException {
    String text = readString(expected).trim();
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeException e) {
      throw badForm(expected, e);
    }
  }

  /** An ISO-8601 local date-time. */
  public LocalDateTime readLocalDateTime(String expected) throws IOException {
    String text = readString(expected).trim();
    try {
      return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    } catch (DateTimeException e) {
      throw badForm(expected, e);
    }
  }

  /** An ISO-8601 duration, {@code PT1H30M}. */
  public Duration readDuration(String expected) throws IOException {
    String text = readString(expected).trim();
    try {
      return Duration.parse(text);
    } catch (DateTimeException e) {
      throw badForm(expected, e);
    }
  }

  /**
   * An enum constant by name.
   *
   * @param constants the constants, as {@code values()} returns them
   */
  public <E extends Enum<E>> E readEnum(String expected, E[] constants) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      // Data binding reads the number as an int (an index) before it refuses it.
      readInt(expected);
      throw wrongType(expected);
    }
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(expected);
    }
    String text = parser.getText();
    for (E constant : constants) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    throw badForm(expected, null);
  }
}
