package dev.overtime.processor.validate;

import javax.lang.model.type.TypeMirror;

/**
 * A type the handler depends on does not exist (yet). Thrown to defer the handler to the next
 * round, where another processor may have generated it; if it never appears, javac's own "cannot
 * find symbol" is the only error the user sees.
 */
public final class MissingTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingTypeException(TypeMirror type) {
    super("missing type " + type, null, false, false);
  }
}
