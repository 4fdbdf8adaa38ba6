package dev.overtime.processor.validate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Finds {@code Job<P, R>} among a handler's supertypes, with type arguments substituted along the
 * way, so that {@code class Factorial extends Base<FactorialPayload>} with {@code abstract class
 * Base<T> implements Job<T, BigInteger>} resolves to {@code Job<FactorialPayload, BigInteger>}.
 */
final class JobTypeArguments {
  private JobTypeArguments() {}

  /**
   * The handler's view of {@code Job}, or null if it does not implement it.
   *
   * @throws MissingTypeException if a supertype does not exist (yet)
   */
  static DeclaredType find(Types types, TypeElement handler, TypeElement job) {
    Deque<TypeMirror> pending = new ArrayDeque<>();
    pending.add(handler.asType());
    while (!pending.isEmpty()) {
      TypeMirror type = pending.removeFirst();
      requireResolved(type);
      if (type instanceof DeclaredType declared) {
        TypeElement element = (TypeElement) declared.asElement();
        requireResolved(element.getSuperclass());
        element.getInterfaces().forEach(JobTypeArguments::requireResolved);
      }
      List<? extends TypeMirror> supertypes = types.directSupertypes(type);
      for (TypeMirror supertype : supertypes) {
        requireResolved(supertype);
        if (supertype instanceof DeclaredType declared && declared.asElement().equals(job)) {
          return declared;
        }
        pending.addLast(supertype);
      }
    }
    return null;
  }

  private static void requireResolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      throw new MissingTypeException(type);
    }
  }
}
