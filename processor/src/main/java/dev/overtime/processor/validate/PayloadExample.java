package dev.overtime.processor.validate;

import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.TypeRef;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A short example JSON for a payload record, for the fix in a schedule's payload diagnostic: every
 * required component with a placeholder of its type ({@code {"num": 0, "name": "text"}}).
 */
final class PayloadExample {
  private final Map<String, JsonDeclaration> declarations;
  private final Set<String> entered = new HashSet<>();

  private PayloadExample(Map<String, JsonDeclaration> declarations) {
    this.declarations = declarations;
  }

  static String of(TypeRef payload, Map<String, JsonDeclaration> declarations) {
    return new PayloadExample(declarations).value(payload);
  }

  private String value(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return switch (primitive.keyword()) {
        case "boolean" -> "false";
        case "char" -> "\"a\"";
        case "float", "double" -> "0.5";
        default -> "0";
      };
    }
    if (type instanceof TypeRef.ArrayType array) {
      return array.component() instanceof TypeRef.PrimitiveType p && p.keyword().equals("byte")
          ? "\"AA==\""
          : "[]";
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    String raw = classType.rawName();
    switch (raw) {
      case "java.lang.Boolean":
        return "false";
      case "java.lang.Byte",
      "java.lang.Short",
      "java.lang.Integer",
      "java.lang.Long",
      "java.math.BigInteger":
        return "0";
      case "java.lang.Float", "java.lang.Double", "java.math.BigDecimal":
        return "0.5";
      case "java.lang.Character":
        return "\"a\"";
      case "java.lang.String":
        return "\"text\"";
      case "java.util.UUID":
        return "\"123e4567-e89b-12d3-a456-426614174000\"";
      case "java.net.URI":
        return "\"https://example.com/\"";
      case "java.time.Instant", "java.time.OffsetDateTime":
        return "\"2026-01-01T00:00:00Z\"";
      case "java.time.LocalDate":
        return "\"2026-01-01\"";
      case "java.time.LocalDateTime":
        return "\"2026-01-01T00:00:00\"";
      case "java.time.Duration":
        return "\"PT1H\"";
      case "java.util.Optional":
        return "null";
      case "java.util.List", "java.util.Set", "java.util.Collection":
        return "[]";
      case "java.util.Map":
        return "{}";
      default:
        break;
    }
    JsonDeclaration declaration = declarations.get(raw);
    if (declaration instanceof JsonDeclaration.EnumDeclaration enumeration) {
      return enumeration.constants().isEmpty()
          ? "\"\""
          : "\"" + enumeration.constants().get(0) + "\"";
    }
    if (declaration instanceof JsonDeclaration.RecordDeclaration record && entered.add(raw)) {
      StringBuilder out = new StringBuilder("{");
      for (JsonDeclaration.Component component : record.components()) {
        if (component.type() instanceof TypeRef.ClassType c
            && c.rawName().equals("java.util.Optional")) {
          continue;
        }
        if (out.length() > 1) {
          out.append(", ");
        }
        out.append('"').append(component.name()).append("\": ").append(value(component.type()));
      }
      entered.remove(raw);
      return out.append('}').toString();
    }
    return "{}";
  }
}
