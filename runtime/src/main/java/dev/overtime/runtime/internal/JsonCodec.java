package dev.overtime.runtime.internal;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.OvertimeException;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON mapping of payloads and results, shared by clients, engines and the bootstrap so that
 * what a caller encodes is exactly what the handler decodes. Decoding is strict: an unknown property,
 * a missing non-{@code Optional} component, an explicit {@code null} outside an {@code Optional},
 * or a value of the wrong type (no coercion of {@code "5"} to 5) is an
 * {@link InvalidPayloadException} naming the JSON path. Dates and durations are ISO-8601 strings.
 */
public final class JsonCodec {
  private static final JsonCodec SHARED = new JsonCodec();
  /** The longest string value decoded, in characters (Jackson's default is 20 million). */
  private static final int MAX_STRING_CHARS = 256 * 1024 * 1024;
  /**
   * The longest number decoded, in digits (Jackson's default is 1,000): a job may return a
   * {@code BigInteger} such as 100,000! (456,574 digits), and the engine must read that outcome back.
   */
  private static final int MAX_NUMBER_DIGITS = 1_000_000;

  private final ObjectMapper mapper;

  private JsonCodec() {
    // Jackson refuses strings over 20 million characters by default; payloads of up to 64 MiB
    // (the aws engine's documented maximum) must decode, so the limit is raised above that.
    com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS)
            .maxNumberLength(MAX_NUMBER_DIGITS).build())
        .build();
    JsonMapper mapper = JsonMapper.builder(factory)
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .annotationIntrospector(new RequiredUnlessOptional())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .defaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
        .build();
    mapper.configOverride(Optional.class)
        .setSetterInfo(JsonSetter.Value.construct(Nulls.AS_EMPTY, Nulls.FAIL));
    // Whole numbers only for integer types, no strings for numbers or booleans.
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    this.mapper = mapper;
  }

  /** The shared codec; thread-safe. */
  public static JsonCodec shared() {
    return SHARED;
  }

  /** The configured mapper, for engines that read and write their own JSON documents. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Encodes a payload or result as compact JSON. */
  public String encode(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new OvertimeException("Cannot encode " + (value == null ? "null" : value.getClass().getName())
          + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Decodes strictly.
   *
   * @throws InvalidPayloadException naming the JSON path of the first problem
   */
  public <T> T decode(String json, JobType<T> type) {
    if (json == null || json.isBlank()) {
      throw new InvalidPayloadException("$", "empty document; expected JSON for " + type, null);
    }
    JavaType javaType = mapper.getTypeFactory().constructType(type.type());
    try {
      T value = mapper.readValue(json, javaType);
      if (value == null && !type.isVoid()) {
        throw new InvalidPayloadException("$", "null; expected " + type, null);
      }
      return value;
    } catch (JsonMappingException e) {
      throw new InvalidPayloadException(pathOf(e), describe(e), e);
    } catch (JsonProcessingException e) {
      // Not the parser's message: it quotes the offending text of the payload.
      throw new InvalidPayloadException("$", "not valid JSON" + (e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
    }
  }

  /** Decodes strictly into a plain class. */
  public <T> T decode(String json, Class<T> type) {
    return decode(json, JobType.of(type));
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    List<JsonMappingException.Reference> references = e.getPath();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  // "Missing required creator property 'num' (index 0)": Jackson's wording for an absent component.
  private static String missingProperty(String message) {
    if (message == null || !message.startsWith("Missing required creator property '")) {
      return null;
    }
    int start = "Missing required creator property '".length();
    int end = message.indexOf('\'', start);
    return end > start ? message.substring(start, end) : null;
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown property '" + unknown.getPropertyName() + "'; known properties: "
          + unknown.getKnownPropertyIds() + ". Remove it, or check its spelling.";
    }
    String message = e.getOriginalMessage();
    if (missingProperty(message) != null) {
      return "missing required value; add it, or make the record component Optional";
    }
    if (message != null && message.contains("Invalid `null` value")) {
      return "null is not allowed here; give a value, or make the record component Optional";
    }
    Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
    String expected = target == null ? "" : ", expected " + target.getSimpleName();
    // Jackson's own wording quotes the offending value; payloads must never reach logs, so only the
    // kind of value found is reported.
    if (message != null && message.contains("out of range")) {
      return "number out of range" + expected;
    }
    String found = foundValue(e);
    return "wrong type" + expected + (found == null ? "" : ", found " + found);
  }

  // The parser is closed by the time the exception arrives, so the kind of value is read from
  // Jackson's wording ("Cannot coerce String value (...)", "from Array value (token ...)").
  private static final String[][] VALUE_KINDS = {
      {"String value", "a string"}, {"Floating-point value", "a decimal number"},
      {"Integer value", "a whole number"}, {"Boolean value", "a boolean"},
      {"Array value", "an array"}, {"START_ARRAY", "an array"},
      {"Object value", "an object"}, {"START_OBJECT", "an object"}};

  private static String foundValue(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return null;
    }
    for (String[] kind : VALUE_KINDS) {
      if (message.contains(kind[0])) {
        return kind[1];
      }
    }
    return null;
  }

  /** Every record component is required except {@code Optional} ones. */
  private static final class RequiredUnlessOptional extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasRequiredMarker(AnnotatedMember member) {
      Boolean explicit = super.hasRequiredMarker(member);
      if (explicit != null) {
        return explicit;
      }
      return !Optional.class.isAssignableFrom(member.getRawType());
    }
  }
}
