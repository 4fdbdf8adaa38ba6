package dev.overtime.processor.validate;

import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.TypeRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a payload written as JSON against the payload record, as strictly as the generated codecs
 * decode it at run time and with their wording: a value of the wrong type first, then the first
 * missing component in declaration order, then the first unknown property; each names its JSON path
 * ({@code $.items[2].name}). The offending value is never quoted.
 */
public final class PayloadJsonCheck {
  static final String NULL_NOT_ALLOWED =
      "null is not allowed here; give a value, or make the record component Optional";
  static final String MISSING =
      "missing required value; add it, or make the record component Optional";

  /** Where and what; {@code path} is {@code $} for the document itself. */
  public record Mismatch(String path, String message) {}

  private static final class Found extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Mismatch mismatch;

    Found(String path, String message) {
      super(null, null, false, false);
      this.mismatch = new Mismatch(path, message);
    }
  }

  private final Map<String, JsonDeclaration> declarations;

  private PayloadJsonCheck(Map<String, JsonDeclaration> declarations) {
    this.declarations = declarations;
  }

  /**
   * The first mismatch of {@code json} against {@code payload}, if any.
   *
   * @param declarations the records and enums the payload reaches, by {@link
   *     TypeRef.ClassType#rawName()}
   */
  public static Optional<Mismatch> check(
      String json, TypeRef payload, Map<String, JsonDeclaration> declarations) {
    Object document;
    try {
      document = JsonText.parse(json);
    } catch (JsonText.SyntaxException e) {
      return Optional.of(new Mismatch("$", e.getMessage()));
    }
    try {
      new PayloadJsonCheck(declarations).value(document, payload, "$");
      return Optional.empty();
    } catch (Found found) {
      return Optional.of(found.mismatch);
    }
  }

  private void value(Object json, TypeRef type, String path) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      if (json == JsonText.NULL) {
        throw new Found(path, NULL_NOT_ALLOWED);
      }
      scalar(json, primitive.keyword(), primitive.keyword(), path);
      return;
    }
    if (type instanceof TypeRef.ArrayType array) {
      if (json == JsonText.NULL) {
        throw new Found(path, NULL_NOT_ALLOWED);
      }
      if (array.component() instanceof TypeRef.PrimitiveType p && p.keyword().equals("byte")) {
        if (!(json instanceof String text) || !isBase64(text)) {
          throw wrongType(path, "byte[]", json);
        }
        return;
      }
      elements(json, array.component(), array.canonicalName(), path);
      return;
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    String raw = classType.rawName();
    String simple = classType.simpleNames().get(classType.simpleNames().size() - 1);
    if (raw.equals("java.util.Optional")) {
      if (json != JsonText.NULL) {
        value(json, classType.typeArguments().get(0), path);
      }
      return;
    }
    if (json == JsonText.NULL) {
      throw new Found(path, NULL_NOT_ALLOWED);
    }
    switch (raw) {
      case "java.util.List", "java.util.Set", "java.util.Collection" -> {
        elements(json, classType.typeArguments().get(0), simple, path);
        return;
      }
      case "java.util.Map" -> {
        if (!(json instanceof Map<?, ?> map)) {
          throw wrongType(path, simple, json);
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          value(entry.getValue(), classType.typeArguments().get(1), path + "." + entry.getKey());
        }
        return;
      }
      default -> {}
    }
    JsonDeclaration declaration = declarations.get(raw);
    if (declaration instanceof JsonDeclaration.EnumDeclaration enumeration) {
      if (!(json instanceof String text)) {
        throw wrongType(path, simple, json);
      }
      if (!enumeration.constants().contains(text)) {
        throw new Found(path, "wrong type, expected " + simple);
      }
      return;
    }
    if (declaration instanceof JsonDeclaration.RecordDeclaration record) {
      record(json, record, simple, path);
      return;
    }
    scalar(json, raw, simple, path);
  }

  private void elements(Object json, TypeRef element, String expected, String path) {
    if (!(json instanceof List<?> list)) {
      throw wrongType(path, expected, json);
    }
    for (int i = 0; i < list.size(); i++) {
      value(list.get(i), element, path + "[" + i + "]");
    }
  }

  private void record(
      Object json, JsonDeclaration.RecordDeclaration record, String expected, String path) {
    if (!(json instanceof Map<?, ?> object)) {
      throw wrongType(path, expected, json);
    }
    List<String> names = new ArrayList<>();
    record.components().forEach(component -> names.add(component.name()));
    String unknown = null;
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      String name = (String) entry.getKey();
      int i = names.indexOf(name);
      if (i < 0) {
        unknown = unknown == null ? name : unknown;
      } else {
        value(entry.getValue(), record.components().get(i).type(), path + "." + name);
      }
    }
    for (JsonDeclaration.Component component : record.components()) {
      boolean optional =
          component.type() instanceof TypeRef.ClassType c
              && c.rawName().equals("java.util.Optional");
      if (!object.containsKey(component.name()) && !optional) {
        throw new Found(path + "." + component.name(), MISSING);
      }
    }
    if (unknown != null) {
      throw new Found(
          path + "." + unknown,
          "unknown property '"
              + unknown
              + "'; known properties: "
              + names.stream().collect(Collectors.joining(", ", "[", "]"))
              + ". Remove it, or check its spelling.");
    }
  }

  private static void scalar(Object json, String type, String expected, String path) {
    switch (type) {
      case "boolean", "java.lang.Boolean" -> require(json instanceof Boolean, path, expected, json);
      case "byte", "java.lang.Byte" -> whole(json, Byte.MIN_VALUE, Byte.MAX_VALUE, path, expected);
      case "short", "java.lang.Short" ->
          whole(json, Short.MIN_VALUE, Short.MAX_VALUE, path, expected);
      case "int", "java.lang.Integer" ->
          whole(json, Integer.MIN_VALUE, Integer.MAX_VALUE, path, expected);
      case "long", "java.lang.Long" -> whole(json, Long.MIN_VALUE, Long.MAX_VALUE, path, expected);
      case "java.math.BigInteger" ->
          require(
              json instanceof JsonText.JsonNumber number && number.whole(), path, expected, json);
      case "float", "double", "java.lang.Float", "java.lang.Double", "java.math.BigDecimal" ->
          require(json instanceof JsonText.JsonNumber, path, expected, json);
      case "char", "java.lang.Character" -> {
        require(json instanceof String, path, expected, json);
        if (((String) json).length() != 1) {
          throw new Found(path, "wrong type, expected " + expected);
        }
      }
      case "java.lang.String" -> require(json instanceof String, path, expected, json);
      case "java.util.UUID" -> form(json, path, expected, java.util.UUID::fromString);
      case "java.net.URI" -> form(json, path, expected, java.net.URI::new);
      case "java.time.Instant" -> form(json, path, expected, java.time.Instant::parse);
      case "java.time.OffsetDateTime" ->
          form(json, path, expected, java.time.OffsetDateTime::parse);
      case "java.time.LocalDate" -> form(json, path, expected, java.time.LocalDate::parse);
      case "java.time.LocalDateTime" -> form(json, path, expected, java.time.LocalDateTime::parse);
      case "java.time.Duration" -> form(json, path, expected, java.time.Duration::parse);
      default -> throw new IllegalStateException("no JSON check for " + type);
    }
  }

  private interface Parse {
    void parse(String text) throws Exception;
  }

  private static void form(Object json, String path, String expected, Parse parse) {
    require(json instanceof String, path, expected, json);
    try {
      parse.parse((String) json);
    } catch (Exception e) {
      throw new Found(path, "wrong type, expected " + expected);
    }
  }

  private static void whole(Object json, long min, long max, String path, String expected) {
    require(json instanceof JsonText.JsonNumber number && number.whole(), path, expected, json);
    BigInteger value = ((JsonText.JsonNumber) json).value().toBigIntegerExact();
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new Found(path, "number out of range");
    }
  }

  private static void require(boolean ok, String path, String expected, Object json) {
    if (!ok) {
      throw wrongType(path, expected, json);
    }
  }

  private static Found wrongType(String path, String expected, Object json) {
    return new Found(path, "wrong type, expected " + expected + kindOf(json));
  }

  private static String kindOf(Object json) {
    if (json instanceof String) {
      return ", found a string";
    }
    if (json instanceof JsonText.JsonNumber number) {
      return number.whole() ? ", found a whole number" : ", found a decimal number";
    }
    if (json instanceof Boolean) {
      return ", found a boolean";
    }
    if (json instanceof List) {
      return ", found an array";
    }
    if (json instanceof Map) {
      return ", found an object";
    }
    return "";
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
