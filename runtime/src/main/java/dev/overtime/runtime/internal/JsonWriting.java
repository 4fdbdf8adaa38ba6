package dev.overtime.runtime.internal;

import com.fasterxml.jackson.core.Base64Variants;
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
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What generated encoders write beyond {@link JsonGenerator}'s own methods, in {@link JsonCodec}'s
 * format: dates and durations as ISO-8601 strings, {@code byte[]} as base64, {@code char} as a
 * one-character string. Each method writes {@code null} for a {@code null} value.
 */
public final class JsonWriting {
  private JsonWriting() {}

  /** {@code true} or {@code false}. */
  public static void writeBoolean(JsonGenerator out, Boolean value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeBoolean(value);
    }
  }

  /** A number. */
  public static void writeByte(JsonGenerator out, Byte value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.intValue());
    }
  }

  /** A number. */
  public static void writeShort(JsonGenerator out, Short value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.shortValue());
    }
  }

  /** A number. */
  public static void writeInteger(JsonGenerator out, Integer value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.intValue());
    }
  }

  /** A number. */
  public static void writeLong(JsonGenerator out, Long value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.longValue());
    }
  }

  /** A number, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static void writeFloat(JsonGenerator out, Float value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.floatValue());
    }
  }

  /** A number, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static void writeDouble(JsonGenerator out, Double value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value.doubleValue());
    }
  }

  /** A string of one character. */
  public static void writeCharacter(JsonGenerator out, Character value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      writeChar(out, value);
    }
  }

  /** A {@code char} as a string of one character. */
  public static void writeChar(JsonGenerator out, char value) throws IOException {
    out.writeString(String.valueOf(value));
  }

  /** A string. */
  public static void writeString(JsonGenerator out, String value) throws IOException {
    out.writeString(value);
  }

  /** A whole number, every digit. */
  public static void writeBigInteger(JsonGenerator out, BigInteger value) throws IOException {
    out.writeNumber(value);
  }

  /** A number, as {@link BigDecimal#toString()} (exponent kept). */
  public static void writeBigDecimal(JsonGenerator out, BigDecimal value) throws IOException {
    out.writeNumber(value);
  }

  /** {@code 123e4567-e89b-12d3-a456-426614174000}. */
  public static void writeUuid(JsonGenerator out, UUID value) throws IOException {
    out.writeString(value == null ? null : value.toString());
  }

  /** The URI as written. */
  public static void writeUri(JsonGenerator out, URI value) throws IOException {
    out.writeString(value == null ? null : value.toString());
  }

  /** {@code 2026-11-27T07:00:00Z}. */
  public static void writeInstant(JsonGenerator out, Instant value) throws IOException {
    out.writeString(value == null ? null : DateTimeFormatter.ISO_INSTANT.format(value));
  }

  /** {@code 2026-11-27}. */
  public static void writeLocalDate(JsonGenerator out, LocalDate value) throws IOException {
    out.writeString(value == null ? null : DateTimeFormatter.ISO_LOCAL_DATE.format(value));
  }

  /** {@code 2026-11-27T07:00:00} (seconds always written, as Jackson does). */
  public static void writeLocalDateTime(JsonGenerator out, LocalDateTime value) throws IOException {
    out.writeString(value == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value));
  }

  /** {@code 2026-11-27T07:00:00+01:00}, the offset kept. */
  public static void writeOffsetDateTime(JsonGenerator out, OffsetDateTime value)
      throws IOException {
    out.writeString(value == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
  }

  /** {@code PT1H30M}. */
  public static void writeDuration(JsonGenerator out, Duration value) throws IOException {
    out.writeString(value == null ? null : value.toString());
  }

  /** The constant's name. */
  public static void writeEnum(JsonGenerator out, Enum<?> value) throws IOException {
    out.writeString(value == null ? null : value.name());
  }

  /** {@code byte[]} as a base64 string. */
  public static void writeBytes(JsonGenerator out, byte[] value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeBinary(Base64Variants.getDefaultVariant(), value, 0, value.length);
    }
  }

  /** {@code char[]} as a string. */
  public static void writeChars(JsonGenerator out, char[] value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeString(value, 0, value.length);
    }
  }
}
