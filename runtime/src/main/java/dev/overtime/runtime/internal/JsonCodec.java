package dev.overtime.runtime.internal;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.OvertimeException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON mapping of payloads and results, shared by clients, engines and the bootstrap so
 * that what a caller encodes is exactly what the handler decodes. Decoding is strict: an unknown
 * property, a missing non-{@code Optional} component, an explicit {@code null} outside an {@code
 * Optional}, or a value of the wrong type (no coercion of {@code "5"} to 5) is an {@link
 * InvalidPayloadException} naming the JSON path. Dates and durations are ISO-8601 strings.
 *
 * <p>The mapper behind it never leaves this class, so no caller can change the wire format of every
 * engine; callers that need a general-purpose mapper (pretty printing, HTTP answers) make their
 * own.
 */
public final class JsonCodec {
  private static final JsonCodec SHARED = new JsonCodec();

  /** The longest string value decoded, in characters (Jackson's default is 20 million). */
  private static final int MAX_STRING_CHARS = 256 * 1024 * 1024;

  /**
   * The longest number decoded, in digits (Jackson's default is 1,000): a job may return a {@code
   * BigInteger} such as 100,000! (456,574 digits), and the engine must read that outcome back.
   */
  private static final int MAX_NUMBER_DIGITS = 1_000_000;

  private final ObjectMapper mapper;

  private JsonCodec() {
    // Jackson refuses strings over 20 million characters by default; payloads of up to 64 MiB
    // (the aws engine's documented maximum) must decode, so the limit is raised above that.
    com.fasterxml.jackson.core.JsonFactory factory =
        com.fasterxml.jackson.core.JsonFactory.builder()
            // The JDK's BigInteger parser takes tens of seconds for a million digits.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(
                com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .build())
            .build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
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
    mapper
        .configOverride(Optional.class)
        .setSetterInfo(JsonSetter.Value.construct(Nulls.AS_EMPTY, Nulls.FAIL));
    // Whole numbers only for integer types, no strings for numbers or booleans.
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    this.mapper = mapper;
  }

  /** The shared codec; thread-safe. */
  public static JsonCodec shared() {
    return SHARED;
  }

  /** Encodes a payload or result as compact JSON. */
  public String encode(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw cannotEncode(value, e);
    }
  }

  /** Encodes a value (a payload, a result, a {@link JsonNode} document) as compact UTF-8 JSON. */
  public byte[] encodeToBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw cannotEncode(value, e);
    }
  }

  private static OvertimeException cannotEncode(Object value, JsonProcessingException e) {
    return new OvertimeException(
        "Cannot encode "
            + (value == null ? "null" : value.getClass().getName())
            + " as JSON: "
            + e.getOriginalMessage(),
        e);
  }

  /**
   * A value as a JSON tree, encoded exactly as {@link #encode} would, for documents that embed a
   * result. The tree is the caller's own: changing it changes nothing here.
   */
  public JsonNode toTree(Object value) {
    return mapper.valueToTree(value);
  }

  /**
   * Parses a JSON document (an outcome, a request, a stored result) with this codec's limits, which
   * admit results of a million digits. The tree is the caller's own copy.
   *
   * @throws JsonProcessingException if the text is not one JSON document
   */
  public JsonNode readTree(String json) throws JsonProcessingException {
    return mapper.readTree(json);
  }

  /**
   * Parses a UTF-8 JSON document, as {@link #readTree(String)}.
   *
   * @throws IOException if the bytes are not one JSON document
   */
  public JsonNode readTree(byte[] json) throws IOException {
    return mapper.readTree(json);
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
      throw new InvalidPayloadException(pathOf(e), describe(e, json), e);
    } catch (InputCoercionException e) {
      // A number too large for the type at the top level; inside a document it arrives wrapped.
      throw new InvalidPayloadException("$", "number out of range", e);
    } catch (JsonProcessingException e) {
      // Not the parser's message: it quotes the offending text of the payload.
      throw new InvalidPayloadException(
          "$",
          "not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"),
          e);
    }
  }

  /** Decodes strictly into a plain class. */
  public <T> T decode(String json, Class<T> type) {
    return decode(json, JobType.of(type));
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * What is wrong, decided from the exception's type and from the value found at its path, never
   * from Jackson's wording: that quotes the offending value, and payloads must never reach logs.
   */
  private String describe(JsonMappingException e, String json) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown property '"
          + unknown.getPropertyName()
          + "'; known properties: "
          + unknown.getKnownPropertyIds()
          + ". Remove it, or check its spelling.";
    }
    if (e instanceof InvalidNullException) {
      return NULL_NOT_ALLOWED;
    }
    Class<?> target =
        e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
    String expected = target == null ? "" : ", expected " + target.getSimpleName();
    if (e.getCause() instanceof InputCoercionException) {
      return "number out of range" + expected;
    }
    JsonNode found = valueAt(json, e.getPath());
    if (found == null) {
      return "missing required value; add it, or make the record component Optional";
    }
    if (found.isNull()) {
      return NULL_NOT_ALLOWED;
    }
    // A string of the right kind but the wrong form (an Instant, an enum constant): naming the
    // kind would only confuse.
    boolean badForm =
        e instanceof InvalidFormatException && found.isTextual() && !readsScalar(target);
    return "wrong type" + expected + (badForm ? "" : kindOf(found));
  }

  private static final String NULL_NOT_ALLOWED =
      "null is not allowed here; give a value, or make the record component Optional";

  /**
   * The value at {@code path} of the document: null when nothing is there, {@link MissingNode} when
   * the document cannot be read as a tree (then no kind of value is named).
   */
  private JsonNode valueAt(String json, List<JsonMappingException.Reference> path) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException unreadable) {
      return MissingNode.getInstance();
    }
    for (JsonMappingException.Reference reference : path) {
      if (node == null) {
        return null;
      }
      node =
          reference.getFieldName() != null
              ? node.get(reference.getFieldName())
              : reference.getIndex() >= 0 ? node.get(reference.getIndex()) : node;
    }
    return node;
  }

  private static boolean readsScalar(Class<?> target) {
    return target != null
        && (target.isPrimitive()
            || Number.class.isAssignableFrom(target)
            || target == Boolean.class
            || target == Character.class);
  }

  private static String kindOf(JsonNode found) {
    return switch (found.getNodeType()) {
      case STRING -> ", found a string";
      case NUMBER ->
          found.isIntegralNumber() ? ", found a whole number" : ", found a decimal number";
      case BOOLEAN -> ", found a boolean";
      case ARRAY -> ", found an array";
      case OBJECT -> ", found an object";
      default -> "";
    };
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
