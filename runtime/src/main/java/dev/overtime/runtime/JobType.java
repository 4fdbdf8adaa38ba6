package dev.overtime.runtime;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A payload or result type, generic arguments included, so that {@code List<Order>} survives
 * erasure. Generated code writes {@code JobType.of(BigInteger.class)} for plain classes and {@code
 * new JobType<List<Order>>() {}} for generic ones.
 *
 * @param <T> the type
 */
public abstract class JobType<T> {
  private final Type type;

  /**
   * Captures the type argument of an anonymous subclass: {@code new JobType<List<String>>() {}}.
   */
  protected JobType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "JobType must be created with a type argument, e.g. new JobType<List<String>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /**
   * A type given as a reflective {@link Type}, for generated code whose JSON codecs extend this
   * class; {@code type} must be what {@code T} is.
   */
  protected JobType(Type type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The type of a plain (non-generic) class. */
  public static <T> JobType<T> of(Class<T> type) {
    return new JobType<>(type) {};
  }

  /** The full generic type. */
  public final Type type() {
    return type;
  }

  /** Whether this is {@link Void}: the job returns no result. */
  public final boolean isVoid() {
    return type == Void.class || type == void.class;
  }

  @Override
  public final boolean equals(Object other) {
    return other instanceof JobType<?> that && type.equals(that.type);
  }

  @Override
  public final int hashCode() {
    return type.hashCode();
  }

  @Override
  public final String toString() {
    return type.getTypeName();
  }
}
