package dev.overtime.processor.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Java type as plain data, so that rendering never needs {@code javax.lang.model}: a (possibly
 * parameterized, possibly nested) class, an array, or a primitive.
 */
public sealed interface TypeRef {

  /**
   * The type as Java source spells it, fully qualified: {@code java.util.List<com.example.Item>}.
   */
  String canonicalName();

  /** Whether {@code T.class} names this type exactly (no type arguments anywhere). */
  boolean isReifiable();

  /** A class or interface; {@code simpleNames} is outermost first, e.g. {@code [Outer, Inner]}. */
  record ClassType(String packageName, List<String> simpleNames, List<TypeRef> typeArguments)
      implements TypeRef {
    public ClassType {
      simpleNames = List.copyOf(simpleNames);
      typeArguments = List.copyOf(typeArguments);
    }

    public static ClassType of(String packageName, String... simpleNames) {
      return new ClassType(packageName, List.of(simpleNames), List.of());
    }

    /** The name without type arguments, e.g. {@code com.example.Outer.Inner}. */
    public String rawName() {
      String simple = String.join(".", simpleNames);
      return packageName.isEmpty() ? simple : packageName + "." + simple;
    }

    @Override
    public String canonicalName() {
      if (typeArguments.isEmpty()) {
        return rawName();
      }
      return rawName()
          + typeArguments.stream()
              .map(TypeRef::canonicalName)
              .collect(Collectors.joining(", ", "<", ">"));
    }

    @Override
    public boolean isReifiable() {
      return typeArguments.isEmpty();
    }
  }

  /** An array of {@code component}. */
  record ArrayType(TypeRef component) implements TypeRef {
    @Override
    public String canonicalName() {
      return component.canonicalName() + "[]";
    }

    @Override
    public boolean isReifiable() {
      return component.isReifiable();
    }
  }

  /** A primitive type, by keyword: {@code int}, {@code boolean}, … */
  record PrimitiveType(String keyword) implements TypeRef {
    @Override
    public String canonicalName() {
      return keyword;
    }

    @Override
    public boolean isReifiable() {
      return true;
    }
  }
}
