package dev.overtime.processor.validate;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Whether generated code in another package can name a type: it and every enclosing type public.
 */
final class PublicAccess {
  private PublicAccess() {}

  /** The first type in {@code type}'s nesting chain that is not public, or null if all are. */
  static TypeElement firstNonPublic(TypeElement type) {
    Element current = type;
    while (current instanceof TypeElement element) {
      if (!element.getModifiers().contains(Modifier.PUBLIC)) {
        return element;
      }
      current = element.getEnclosingElement();
    }
    return null;
  }
}
