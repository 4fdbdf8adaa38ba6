package dev.overtime.processor.validate;

import dev.overtime.processor.model.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Turns validated {@link TypeMirror}s into plain {@link TypeRef} data for the model. */
final class TypeRefMapper {
  private TypeRefMapper() {}

  static TypeRef map(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return new TypeRef.PrimitiveType(type.getKind().name().toLowerCase(Locale.ROOT));
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return new TypeRef.ArrayType(map(((ArrayType) type).getComponentType()));
    }
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      List<TypeRef> arguments = new ArrayList<>();
      for (TypeMirror argument : declared.getTypeArguments()) {
        arguments.add(map(argument));
      }
      TypeRef.ClassType raw = classType((TypeElement) declared.asElement());
      return new TypeRef.ClassType(raw.packageName(), raw.simpleNames(), arguments);
    }
    throw new IllegalArgumentException(
        "not a mappable type: " + type + " (" + type.getKind() + ")");
  }

  static TypeRef.ClassType classType(TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    Element current = type;
    while (current instanceof TypeElement element) {
      names.addFirst(element.getSimpleName().toString());
      current = element.getEnclosingElement();
    }
    String packageName =
        current instanceof PackageElement pkg ? pkg.getQualifiedName().toString() : "";
    return new TypeRef.ClassType(packageName, List.copyOf(names), List.of());
  }
}
