package dev.overtime.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hand-written codecs generated code composes its own from: one constant per scalar type
 * ({@link #STRING}, {@link #PRIMITIVE_INT} for an {@code int} component, {@link #INTEGER} for an
 * {@code Integer} one, …) and per primitive array, and factories for enums, collections, maps,
 * optionals and arrays of any codec: {@code JsonAdapters.<Receipt>listOf(JobsJson.RECEIPT)}. Each
 * writes {@link JsonCodec}'s bytes and refuses what it refuses, with its messages; the generated
 * code calls them with explicit type arguments, so javac infers nothing.
 */
public final class JsonAdapters {
  private JsonAdapters() {}

  private static final int BOOLEAN_KIND = 0;
  private static final int BYTE_KIND = 1;
  private static final int SHORT_KIND = 2;
  private static final int INT_KIND = 3;
  private static final int LONG_KIND = 4;
  private static final int CHAR_KIND = 5;
  private static final int FLOAT_KIND = 6;
  private static final int DOUBLE_KIND = 7;
  private static final int STRING_KIND = 8;
  private static final int BIG_INTEGER_KIND = 9;
  private static final int BIG_DECIMAL_KIND = 10;
  private static final int UUID_KIND = 11;
  private static final int URI_KIND = 12;
  private static final int INSTANT_KIND = 13;
  private static final int LOCAL_DATE_KIND = 14;
  private static final int LOCAL_DATE_TIME_KIND = 15;
  private static final int OFFSET_DATE_TIME_KIND = 16;
  private static final int DURATION_KIND = 17;
  private static final int BYTES_KIND = 18;
  private static final int CHARS_KIND = 19;

  /** {@code boolean}. */
  public static final JsonAdapter<Boolean> PRIMITIVE_BOOLEAN =
      new Scalar<Boolean>(boolean.class, "boolean", BOOLEAN_KIND);

  /** {@code byte}. */
  public static final JsonAdapter<Byte> PRIMITIVE_BYTE =
      new Scalar<Byte>(byte.class, "byte", BYTE_KIND);

  /** {@code short}. */
  public static final JsonAdapter<Short> PRIMITIVE_SHORT =
      new Scalar<Short>(short.class, "short", SHORT_KIND);

  /** {@code int}. */
  public static final JsonAdapter<Integer> PRIMITIVE_INT =
      new Scalar<Integer>(int.class, "int", INT_KIND);

  /** {@code long}. */
  public static final JsonAdapter<Long> PRIMITIVE_LONG =
      new Scalar<Long>(long.class, "long", LONG_KIND);

  /** {@code char}. */
  public static final JsonAdapter<Character> PRIMITIVE_CHAR =
      new Scalar<Character>(char.class, "char", CHAR_KIND);

  /** {@code float}. */
  public static final JsonAdapter<Float> PRIMITIVE_FLOAT =
      new Scalar<Float>(float.class, "float", FLOAT_KIND);

  /** {@code double}. */
  public static final JsonAdapter<Double> PRIMITIVE_DOUBLE =
      new Scalar<Double>(double.class, "double", DOUBLE_KIND);

  /** {@code Boolean}. */
  public static final JsonAdapter<Boolean> BOOLEAN =
      new Scalar<Boolean>(Boolean.class, "Boolean", BOOLEAN_KIND);

  /** {@code Byte}. */
  public static final JsonAdapter<Byte> BYTE = new Scalar<Byte>(Byte.class, "Byte", BYTE_KIND);

  /** {@code Short}. */
  public static final JsonAdapter<Short> SHORT =
      new Scalar<Short>(Short.class, "Short", SHORT_KIND);

  /** {@code Integer}. */
  public static final JsonAdapter<Integer> INTEGER =
      new Scalar<Integer>(Integer.class, "Integer", INT_KIND);

  /** {@code Long}. */
  public static final JsonAdapter<Long> LONG = new Scalar<Long>(Long.class, "Long", LONG_KIND);

  /** {@code Character}. */
  public static final JsonAdapter<Character> CHARACTER =
      new Scalar<Character>(Character.class, "Character", CHAR_KIND);

  /** {@code Float}. */
  public static final JsonAdapter<Float> FLOAT =
      new Scalar<Float>(Float.class, "Float", FLOAT_KIND);

  /** {@code Double}. */
  public static final JsonAdapter<Double> DOUBLE =
      new Scalar<Double>(Double.class, "Double", DOUBLE_KIND);

  /** {@code String}. */
  public static final JsonAdapter<String> STRING =
      new Scalar<String>(String.class, "String", STRING_KIND);

  /** {@code BigInteger}. */
  public static final JsonAdapter<BigInteger> BIG_INTEGER =
      new Scalar<BigInteger>(BigInteger.class, "BigInteger", BIG_INTEGER_KIND);

  /** {@code BigDecimal}. */
  public static final JsonAdapter<BigDecimal> BIG_DECIMAL =
      new Scalar<BigDecimal>(BigDecimal.class, "BigDecimal", BIG_DECIMAL_KIND);

  /** {@code UUID}. */
  public static final JsonAdapter<java.util.UUID> UUID =
      new Scalar<java.util.UUID>(java.util.UUID.class, "UUID", UUID_KIND);

  /** {@code URI}. */
  public static final JsonAdapter<URI> URI = new Scalar<URI>(URI.class, "URI", URI_KIND);

  /** {@code Instant}. */
  public static final JsonAdapter<Instant> INSTANT =
      new Scalar<Instant>(Instant.class, "Instant", INSTANT_KIND);

  /** {@code LocalDate}. */
  public static final JsonAdapter<LocalDate> LOCAL_DATE =
      new Scalar<LocalDate>(LocalDate.class, "LocalDate", LOCAL_DATE_KIND);

  /** {@code LocalDateTime}. */
  public static final JsonAdapter<LocalDateTime> LOCAL_DATE_TIME =
      new Scalar<LocalDateTime>(LocalDateTime.class, "LocalDateTime", LOCAL_DATE_TIME_KIND);

  /** {@code OffsetDateTime}. */
  public static final JsonAdapter<OffsetDateTime> OFFSET_DATE_TIME =
      new Scalar<OffsetDateTime>(OffsetDateTime.class, "OffsetDateTime", OFFSET_DATE_TIME_KIND);

  /** {@code Duration}. */
  public static final JsonAdapter<Duration> DURATION =
      new Scalar<Duration>(Duration.class, "Duration", DURATION_KIND);

  /** {@code byte[]}, as a base64 string. */
  public static final JsonAdapter<byte[]> BYTES =
      new Scalar<byte[]>(byte[].class, "byte[]", BYTES_KIND);

  /** {@code char[]}, as a string. */
  public static final JsonAdapter<char[]> CHARS =
      new Scalar<char[]>(char[].class, "char[]", CHARS_KIND);

  /** {@code boolean[]}. */
  public static final JsonAdapter<boolean[]> BOOLEAN_ARRAY =
      new PrimitiveArray<boolean[]>(boolean[].class, PRIMITIVE_BOOLEAN);

  /** {@code short[]}. */
  public static final JsonAdapter<short[]> SHORT_ARRAY =
      new PrimitiveArray<short[]>(short[].class, PRIMITIVE_SHORT);

  /** {@code int[]}. */
  public static final JsonAdapter<int[]> INT_ARRAY =
      new PrimitiveArray<int[]>(int[].class, PRIMITIVE_INT);

  /** {@code long[]}. */
  public static final JsonAdapter<long[]> LONG_ARRAY =
      new PrimitiveArray<long[]>(long[].class, PRIMITIVE_LONG);

  /** {@code float[]}. */
  public static final JsonAdapter<float[]> FLOAT_ARRAY =
      new PrimitiveArray<float[]>(float[].class, PRIMITIVE_FLOAT);

  /** {@code double[]}. */
  public static final JsonAdapter<double[]> DOUBLE_ARRAY =
      new PrimitiveArray<double[]>(double[].class, PRIMITIVE_DOUBLE);

  /** An enum, by constant name. */
  public static <E extends Enum<E>> JsonAdapter<E> enumOf(Class<E> type) {
    return new EnumAdapter<E>(type);
  }

  /** {@code List<E>}, read as an {@code ArrayList}. */
  public static <E> JsonAdapter<List<E>> listOf(JsonAdapter<E> element) {
    return new CollectionAdapter<List<E>, E>(List.class, "ArrayList", element, false);
  }

  /** {@code Set<E>}, read as a {@code HashSet}. */
  public static <E> JsonAdapter<Set<E>> setOf(JsonAdapter<E> element) {
    return new CollectionAdapter<Set<E>, E>(Set.class, "HashSet", element, true);
  }

  /** {@code Collection<E>}, read as an {@code ArrayList}. */
  public static <E> JsonAdapter<Collection<E>> collectionOf(JsonAdapter<E> element) {
    return new CollectionAdapter<Collection<E>, E>(Collection.class, "ArrayList", element, false);
  }

  /** {@code Map<String, V>}, read as a {@code LinkedHashMap}. */
  public static <V> JsonAdapter<Map<String, V>> mapOf(JsonAdapter<V> value) {
    return new MapAdapter<V>(value);
  }

  /** {@code Optional<E>}: {@code null} when empty. */
  public static <E> JsonAdapter<Optional<E>> optionalOf(JsonAdapter<E> element) {
    return new OptionalAdapter<E>(element);
  }

  /**
   * {@code E[]}, for an element type that is not primitive.
   *
   * @param arrayClass the array's class ({@code Line[].class}; the raw one for a generic element)
   */
  public static <E> JsonAdapter<E[]> arrayOf(JsonAdapter<E> element, Class<?> arrayClass) {
    return new ObjectArray<E>(arrayClass, element);
  }

  static boolean isOptional(JsonAdapter<?> adapter) {
    return adapter instanceof OptionalAdapter;
  }

  /** Data binding refuses {@code null} as an element or map value even of an Optional type. */
  private static void refuseNull(JsonReading in, boolean optional) {
    if (optional && in.isNull()) {
      throw in.nullNotAllowed();
    }
  }

  private static final class Scalar<T> extends JsonAdapter<T> {
    private final int kind;

    Scalar(Class<?> type, String expected, int kind) {
      super(type, expected);
      this.kind = kind;
    }

    @Override
    public void write(JsonGenerator out, T value) throws IOException {
      switch (kind) {
        case BOOLEAN_KIND -> JsonWriting.writeBoolean(out, (Boolean) value);
        case BYTE_KIND -> JsonWriting.writeByte(out, (Byte) value);
        case SHORT_KIND -> JsonWriting.writeShort(out, (Short) value);
        case INT_KIND -> JsonWriting.writeInteger(out, (Integer) value);
        case LONG_KIND -> JsonWriting.writeLong(out, (Long) value);
        case CHAR_KIND -> JsonWriting.writeCharacter(out, (Character) value);
        case FLOAT_KIND -> JsonWriting.writeFloat(out, (Float) value);
        case DOUBLE_KIND -> JsonWriting.writeDouble(out, (Double) value);
        case STRING_KIND -> JsonWriting.writeString(out, (String) value);
        case BIG_INTEGER_KIND -> JsonWriting.writeBigInteger(out, (BigInteger) value);
        case BIG_DECIMAL_KIND -> JsonWriting.writeBigDecimal(out, (BigDecimal) value);
        case UUID_KIND -> JsonWriting.writeUuid(out, (java.util.UUID) value);
        case URI_KIND -> JsonWriting.writeUri(out, (java.net.URI) value);
        case INSTANT_KIND -> JsonWriting.writeInstant(out, (Instant) value);
        case LOCAL_DATE_KIND -> JsonWriting.writeLocalDate(out, (LocalDate) value);
        case LOCAL_DATE_TIME_KIND -> JsonWriting.writeLocalDateTime(out, (LocalDateTime) value);
        case OFFSET_DATE_TIME_KIND -> JsonWriting.writeOffsetDateTime(out, (OffsetDateTime) value);
        case DURATION_KIND -> JsonWriting.writeDuration(out, (Duration) value);
        case BYTES_KIND -> JsonWriting.writeBytes(out, (byte[]) value);
        case CHARS_KIND -> JsonWriting.writeChars(out, (char[]) value);
        default -> throw new AssertionError(kind);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read(JsonReading in) throws IOException {
      return (T) read(in, expected());
    }

    /** The value, {@code expected} naming its type in messages. */
    Object read(JsonReading in, String expected) throws IOException {
      return switch (kind) {
        case BOOLEAN_KIND -> in.readBoolean(expected);
        case BYTE_KIND -> in.readByte(expected);
        case SHORT_KIND -> in.readShort(expected);
        case INT_KIND -> in.readInt(expected);
        case LONG_KIND -> in.readLong(expected);
        case CHAR_KIND -> in.readChar(expected);
        case FLOAT_KIND -> in.readFloat(expected);
        case DOUBLE_KIND -> in.readDouble(expected);
        case STRING_KIND -> in.readString(expected);
        case BIG_INTEGER_KIND -> in.readBigInteger(expected);
        case BIG_DECIMAL_KIND -> in.readBigDecimal(expected);
        case UUID_KIND -> in.readUuid(expected);
        case URI_KIND -> in.readUri(expected);
        case INSTANT_KIND -> in.readInstant(expected);
        case LOCAL_DATE_KIND -> in.readLocalDate(expected);
        case LOCAL_DATE_TIME_KIND -> in.readLocalDateTime(expected);
        case OFFSET_DATE_TIME_KIND -> in.readOffsetDateTime(expected);
        case DURATION_KIND -> in.readDuration(expected);
        case BYTES_KIND -> in.readBytes(expected);
        case CHARS_KIND -> in.readChars(expected);
        default -> throw new AssertionError(kind);
      };
    }
  }

  private static final class EnumAdapter<E extends Enum<E>> extends JsonAdapter<E> {
    private final E[] constants;

    EnumAdapter(Class<E> type) {
      super(type, type.getSimpleName());
      this.constants = type.getEnumConstants();
    }

    @Override
    public void write(JsonGenerator out, E value) throws IOException {
      JsonWriting.writeEnum(out, value);
    }

    @Override
    public E read(JsonReading in) throws IOException {
      return in.readEnum(expected(), constants);
    }
  }

  private static final class CollectionAdapter<C extends Collection<E>, E> extends JsonAdapter<C> {
    private final JsonAdapter<E> element;
    private final boolean optionalElement;
    private final boolean set;

    CollectionAdapter(Class<?> raw, String expected, JsonAdapter<E> element, boolean set) {
      super(JsonTypes.parameterized(raw, element.type()), expected);
      this.element = element;
      this.optionalElement = isOptional(element);
      this.set = set;
    }

    @Override
    public void write(JsonGenerator out, C value) throws IOException {
      if (value == null) {
        out.writeNull();
        return;
      }
      out.writeStartArray();
      for (E each : value) {
        element.write(out, each);
      }
      out.writeEndArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public C read(JsonReading in) throws IOException {
      in.beginArray(expected());
      Collection<E> value = set ? new HashSet<E>() : new ArrayList<E>();
      for (int i = 0; in.nextElement(i); i++) {
        refuseNull(in, optionalElement);
        value.add(element.read(in));
        in.leave();
      }
      return (C) value;
    }
  }

  private static final class MapAdapter<V> extends JsonAdapter<Map<String, V>> {
    private final JsonAdapter<V> value;
    private final boolean optionalValue;

    MapAdapter(JsonAdapter<V> value) {
      super(JsonTypes.parameterized(Map.class, String.class, value.type()), "LinkedHashMap");
      this.value = value;
      this.optionalValue = isOptional(value);
    }

    @Override
    public void write(JsonGenerator out, Map<String, V> map) throws IOException {
      if (map == null) {
        out.writeNull();
        return;
      }
      out.writeStartObject();
      for (Map.Entry<String, V> entry : map.entrySet()) {
        out.writeFieldName(entry.getKey());
        value.write(out, entry.getValue());
      }
      out.writeEndObject();
    }

    @Override
    public Map<String, V> read(JsonReading in) throws IOException {
      in.beginObject(expected());
      Map<String, V> map = new LinkedHashMap<String, V>();
      for (String key; (key = in.nextKey()) != null; in.leave()) {
        refuseNull(in, optionalValue);
        map.put(key, value.read(in));
      }
      return map;
    }
  }

  private static final class OptionalAdapter<E> extends JsonAdapter<Optional<E>> {
    private final JsonAdapter<E> element;

    OptionalAdapter(JsonAdapter<E> element) {
      super(JsonTypes.parameterized(Optional.class, element.type()), "Optional");
      this.element = element;
    }

    @Override
    public void write(JsonGenerator out, Optional<E> value) throws IOException {
      if (value == null || value.isEmpty()) {
        out.writeNull();
        return;
      }
      element.write(out, value.get());
    }

    @Override
    public Optional<E> read(JsonReading in) throws IOException {
      if (in.isNull()) {
        return Optional.empty();
      }
      return Optional.of(element.read(in));
    }
  }

  private static final class ObjectArray<E> extends JsonAdapter<E[]> {
    private final JsonAdapter<E> element;
    private final boolean optionalElement;

    ObjectArray(Class<?> arrayClass, JsonAdapter<E> element) {
      super(arrayClass, element.expected() + "[]");
      this.element = element;
      this.optionalElement = isOptional(element);
    }

    @Override
    public void write(JsonGenerator out, E[] value) throws IOException {
      if (value == null) {
        out.writeNull();
        return;
      }
      out.writeStartArray();
      for (E each : value) {
        element.write(out, each);
      }
      out.writeEndArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E[] read(JsonReading in) throws IOException {
      // Data binding names no expected type when it finds a string here.
      in.beginObjectArray(expected());
      List<E> values = new ArrayList<E>();
      for (int i = 0; in.nextElement(i); i++) {
        refuseNull(in, optionalElement);
        values.add(element.read(in));
        in.leave();
      }
      Object[] array = values.toArray();
      return (E[]) Arrays.copyOf(array, array.length, (Class<? extends Object[]>) type());
    }
  }

  private static final class PrimitiveArray<A> extends JsonAdapter<A> {
    private final Scalar<?> element;

    PrimitiveArray(Class<A> type, JsonAdapter<?> element) {
      super(type, element.expected() + "[]");
      this.element = (Scalar<?>) element;
    }

    @Override
    public void write(JsonGenerator out, A value) throws IOException {
      if (value == null) {
        out.writeNull();
        return;
      }
      out.writeStartArray();
      switch (element.kind) {
        case BOOLEAN_KIND -> {
          for (boolean each : (boolean[]) value) {
            out.writeBoolean(each);
          }
        }
        case SHORT_KIND -> {
          for (short each : (short[]) value) {
            out.writeNumber(each);
          }
        }
        case INT_KIND -> {
          for (int each : (int[]) value) {
            out.writeNumber(each);
          }
        }
        case LONG_KIND -> {
          for (long each : (long[]) value) {
            out.writeNumber(each);
          }
        }
        case FLOAT_KIND -> {
          for (float each : (float[]) value) {
            out.writeNumber(each);
          }
        }
        case DOUBLE_KIND -> {
          for (double each : (double[]) value) {
            out.writeNumber(each);
          }
        }
        default -> throw new AssertionError(element.kind);
      }
      out.writeEndArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public A read(JsonReading in) throws IOException {
      // A string here is a value of the wrong form; an element that is a string names the array.
      in.beginArrayNotString(expected());
      List<Object> values = new ArrayList<Object>();
      for (int i = 0; in.nextElement(i); i++) {
        values.add(element.read(in, in.coercing() ? expected() : element.expected()));
        in.leave();
      }
      int n = values.size();
      switch (element.kind) {
        case BOOLEAN_KIND -> {
          boolean[] array = new boolean[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Boolean) values.get(i);
          }
          return (A) array;
        }
        case SHORT_KIND -> {
          short[] array = new short[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Short) values.get(i);
          }
          return (A) array;
        }
        case INT_KIND -> {
          int[] array = new int[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Integer) values.get(i);
          }
          return (A) array;
        }
        case LONG_KIND -> {
          long[] array = new long[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Long) values.get(i);
          }
          return (A) array;
        }
        case FLOAT_KIND -> {
          float[] array = new float[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Float) values.get(i);
          }
          return (A) array;
        }
        case DOUBLE_KIND -> {
          double[] array = new double[n];
          for (int i = 0; i < n; i++) {
            array[i] = (Double) values.get(i);
          }
          return (A) array;
        }
        default -> throw new AssertionError(element.kind);
      }
    }
  }
}
