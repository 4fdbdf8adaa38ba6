package dev.overtime.processor.model;

import java.util.List;

/**
 * A record or enum that a payload or result reaches, as plain data for the generated JSON codecs.
 */
public sealed interface JsonDeclaration {

  /** The declared type, without type arguments. */
  TypeRef.ClassType type();

  /** A record and its components, in declaration order (the order Jackson writes them in). */
  record RecordDeclaration(TypeRef.ClassType type, List<Component> components)
      implements JsonDeclaration {
    public RecordDeclaration {
      components = List.copyOf(components);
    }
  }

  /** One record component: its name (the JSON property) and its type. */
  record Component(String name, TypeRef type) {}

  /** An enum and its constants, in declaration order. */
  record EnumDeclaration(TypeRef.ClassType type, List<String> constants)
      implements JsonDeclaration {
    public EnumDeclaration {
      constants = List.copyOf(constants);
    }
  }
}
