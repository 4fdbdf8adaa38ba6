package dev.overtime.processor.validate;

import dev.overtime.processor.model.JsonDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks that a payload or result type can travel as JSON and builds its JSON Schema (draft
 * 2020-12) as a plain tree of maps, lists and scalars. Every record becomes an entry of {@code
 * $defs} referenced by {@code $ref}, so recursive records need nothing special.
 *
 * <p>The schema follows {@code JsonCodec}: every component is required unless it is an {@code
 * Optional}, which may also be {@code null}; unknown properties are rejected; {@code byte[]} is a
 * base64 string, as Jackson writes it.
 */
public final class SchemaBuilder {
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  public static final String SUPPORTED_TYPES =
      "primitives and their boxes, String, enums, BigInteger, BigDecimal, UUID, URI, Instant,"
          + " LocalDate, LocalDateTime, OffsetDateTime, Duration, Optional<T>, List<T>, Set<T>,"
          + " Collection<T>, Map<String, T>, arrays, and public records whose components follow the"
          + " same rules";
  private static final String LOCAL_DATE_TIME_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$";

  /** Receives the components that cannot travel as JSON. */
  public interface Sink {
    void unsupportedComponent(TypeElement record, RecordComponentElement component, String reason);
  }

  /** The schema of a type, or why it is not supported. */
  private record Mapping(Map<String, Object> schema, String unsupported) {
    static Mapping of(Map<String, Object> schema) {
      return new Mapping(schema, null);
    }

    static Mapping unsupported(String reason) {
      return new Mapping(null, reason);
    }
  }

  /**
   * A schema document, or why its root type is not supported, and the records and enums it reaches
   * (for the generated codecs).
   */
  public record Document(
      Map<String, Object> schema, String unsupported, List<JsonDeclaration> declarations) {}

  private final Sink sink;
  private final Map<String, Object> defs = new TreeMap<>();
  private final Map<String, JsonDeclaration> declarations = new TreeMap<>();

  private SchemaBuilder(Sink sink) {
    this.sink = sink;
  }

  /**
   * The schema document of {@code type}. Problems inside records go to {@code sink}; a root type
   * that is not supported comes back as {@link Document#unsupported()}.
   *
   * @throws MissingTypeException if a type reached does not exist (yet)
   */
  public static Document document(TypeMirror type, Sink sink) {
    SchemaBuilder builder = new SchemaBuilder(sink);
    Mapping root = builder.map(type);
    if (root.unsupported() != null) {
      return new Document(null, root.unsupported(), List.of());
    }
    Map<String, Object> document = new TreeMap<>(root.schema());
    document.put("$schema", DRAFT_2020_12);
    if (!builder.defs.isEmpty()) {
      document.put("$defs", builder.defs);
    }
    return new Document(document, null, List.copyOf(builder.declarations.values()));
  }

  /** The schema document of the result {@code Void}: JSON {@code null}. */
  public static Map<String, Object> voidDocument() {
    Map<String, Object> document = new TreeMap<>();
    document.put("$schema", DRAFT_2020_12);
    document.put("type", "null");
    return document;
  }

  private Mapping map(TypeMirror type) {
    switch (type.getKind()) {
      case ERROR:
        throw new MissingTypeException(type);
      case BOOLEAN:
        return Mapping.of(schema("type", "boolean"));
      case BYTE:
        return integer(Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SHORT:
        return integer(Short.MIN_VALUE, Short.MAX_VALUE);
      case INT:
        return integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG:
        return integer(Long.MIN_VALUE, Long.MAX_VALUE);
      case CHAR:
        return Mapping.of(schema("type", "string", "minLength", 1, "maxLength", 1));
      case FLOAT:
      case DOUBLE:
        return Mapping.of(schema("type", "number"));
      case ARRAY:
        return array((ArrayType) type);
      case DECLARED:
        return declared((DeclaredType) type);
      case TYPEVAR:
        return Mapping.unsupported(type + " is a type variable");
      case WILDCARD:
        return Mapping.unsupported(type + " is a wildcard; use the type itself");
      default:
        return Mapping.unsupported(type + " is not a supported type");
    }
  }

  private Mapping array(ArrayType type) {
    if (type.getComponentType().getKind() == TypeKind.BYTE) {
      return Mapping.of(schema("type", "string", "contentEncoding", "base64"));
    }
    Mapping items = map(type.getComponentType());
    return items.unsupported() != null
        ? items
        : Mapping.of(schema("type", "array", "items", items.schema()));
  }

  private Mapping declared(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    switch (name) {
      case "java.lang.Boolean":
        return Mapping.of(schema("type", "boolean"));
      case "java.lang.Byte":
        return integer(Byte.MIN_VALUE, Byte.MAX_VALUE);
      case "java.lang.Short":
        return integer(Short.MIN_VALUE, Short.MAX_VALUE);
      case "java.lang.Integer":
        return integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
      case "java.lang.Long":
        return integer(Long.MIN_VALUE, Long.MAX_VALUE);
      case "java.lang.Character":
        return Mapping.of(schema("type", "string", "minLength", 1, "maxLength", 1));
      case "java.lang.Float":
      case "java.lang.Double":
      case "java.math.BigDecimal":
        return Mapping.of(schema("type", "number"));
      case "java.math.BigInteger":
        return Mapping.of(schema("type", "integer"));
      case "java.lang.String":
        return Mapping.of(schema("type", "string"));
      case "java.util.UUID":
        return Mapping.of(schema("type", "string", "format", "uuid"));
      case "java.net.URI":
        return Mapping.of(schema("type", "string", "format", "uri-reference"));
      case "java.time.Instant":
      case "java.time.OffsetDateTime":
        return Mapping.of(schema("type", "string", "format", "date-time"));
      case "java.time.LocalDate":
        return Mapping.of(schema("type", "string", "format", "date"));
      case "java.time.LocalDateTime":
        return Mapping.of(schema("type", "string", "pattern", LOCAL_DATE_TIME_PATTERN));
      case "java.time.Duration":
        return Mapping.of(schema("type", "string", "format", "duration"));
      case "java.util.Optional":
        {
          Mapping value = typeArgument(type, 0, "Optional<String>");
          if (value.unsupported() != null) {
            return value;
          }
          return Mapping.of(schema("anyOf", List.of(value.schema(), schema("type", "null"))));
        }
      case "java.util.List":
      case "java.util.Collection":
      case "java.util.Set":
        {
          String simple = element.getSimpleName().toString();
          Mapping items = typeArgument(type, 0, simple + "<String>");
          if (items.unsupported() != null) {
            return items;
          }
          Map<String, Object> schema = schema("type", "array", "items", items.schema());
          if (simple.equals("Set")) {
            schema.put("uniqueItems", true);
          }
          return Mapping.of(schema);
        }
      case "java.util.Map":
        {
          if (type.getTypeArguments().isEmpty()) {
            return Mapping.unsupported("raw Map has no type arguments; write Map<String, T>");
          }
          TypeMirror key = type.getTypeArguments().get(0);
          if (key.getKind() == TypeKind.ERROR) {
            throw new MissingTypeException(key);
          }
          if (!key.toString().equals("java.lang.String")) {
            return Mapping.unsupported("Map keys must be String, not " + key);
          }
          Mapping values = map(type.getTypeArguments().get(1));
          return values.unsupported() != null
              ? values
              : Mapping.of(schema("type", "object", "additionalProperties", values.schema()));
        }
      default:
        break;
    }
    if (element.getKind() == ElementKind.ENUM) {
      List<Object> constants = new ArrayList<>();
      for (Element enclosed : element.getEnclosedElements()) {
        if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(enclosed.getSimpleName().toString());
        }
      }
      List<String> names = new ArrayList<>();
      constants.forEach(constant -> names.add((String) constant));
      declarations.putIfAbsent(
          name, new JsonDeclaration.EnumDeclaration(TypeRefMapper.classType(element), names));
      return Mapping.of(schema("type", "string", "enum", constants));
    }
    if (element.getKind() == ElementKind.RECORD) {
      return record(element);
    }
    if (name.startsWith("java.util.") && (name.endsWith("List") || name.endsWith("Set"))) {
      return Mapping.unsupported(
          name
              + " is an implementation class; declare the component as "
              + (name.endsWith("List") ? "List" : "Set")
              + "<T>");
    }
    if (name.startsWith("java.util.") && name.endsWith("Map")) {
      return Mapping.unsupported(
          name + " is an implementation class; declare the component as " + "Map<String, T>");
    }
    return Mapping.unsupported(type + " is neither a supported type nor a record");
  }

  private Mapping record(TypeElement record) {
    String name = record.getQualifiedName().toString();
    TypeElement hidden = PublicAccess.firstNonPublic(record);
    if (hidden != null) {
      return Mapping.unsupported(
          "record "
              + name
              + " is not public"
              + (hidden.equals(record)
                  ? ""
                  : " (its enclosing " + hidden.getQualifiedName() + " is not)"));
    }
    if (!record.getTypeParameters().isEmpty()) {
      return Mapping.unsupported("record " + name + " is generic; use a plain record");
    }
    Map<String, Object> reference = schema("$ref", "#/$defs/" + name);
    if (defs.containsKey(name)) {
      return Mapping.of(reference);
    }
    defs.put(name, schema()); // a placeholder, so that recursion ends in a $ref
    Map<String, Object> properties = new TreeMap<>();
    List<Object> required = new ArrayList<>();
    List<JsonDeclaration.Component> components = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      Mapping mapping = map(component.asType());
      String componentName = component.getSimpleName().toString();
      if (mapping.unsupported() != null) {
        sink.unsupportedComponent(record, component, mapping.unsupported());
        continue;
      }
      components.add(
          new JsonDeclaration.Component(componentName, TypeRefMapper.map(component.asType())));
      properties.put(componentName, mapping.schema());
      if (!isOptional(component.asType())) {
        required.add(componentName);
      }
    }
    Map<String, Object> schema =
        schema("type", "object", "properties", properties, "additionalProperties", false);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    defs.put(name, schema);
    declarations.put(
        name, new JsonDeclaration.RecordDeclaration(TypeRefMapper.classType(record), components));
    return Mapping.of(reference);
  }

  private Mapping typeArgument(DeclaredType type, int index, String example) {
    if (type.getTypeArguments().size() <= index) {
      return Mapping.unsupported("raw " + type + " has no type argument; write e.g. " + example);
    }
    return map(type.getTypeArguments().get(index));
  }

  private static boolean isOptional(TypeMirror type) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement())
            .getQualifiedName()
            .contentEquals("java.util.Optional");
  }

  private static Mapping integer(long minimum, long maximum) {
    return Mapping.of(schema("type", "integer", "minimum", minimum, "maximum", maximum));
  }

  private static Map<String, Object> schema(Object... keysAndValues) {
    Map<String, Object> schema = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      schema.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return schema;
  }
}
