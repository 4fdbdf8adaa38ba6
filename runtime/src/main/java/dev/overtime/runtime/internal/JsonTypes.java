package dev.overtime.runtime.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reflective {@link Type}s for generated code, so that a generic payload or result type such as
 * {@code List<Order>} needs no anonymous class: {@code JsonTypes.parameterized(List.class,
 * Order.class)} equals what the JDK returns for the same type.
 */
public final class JsonTypes {
  private JsonTypes() {}

  /** {@code raw<arguments>}, for a top-level generic class such as {@code List} or {@code Map}. */
  public static ParameterizedType parameterized(Class<?> raw, Type... arguments) {
    return new Parameterized(raw, arguments.clone());
  }

  private record Parameterized(Class<?> raw, Type[] arguments) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return raw.getDeclaringClass();
    }

    @Override
    public String getTypeName() {
      return raw.getName()
          + Arrays.stream(arguments)
              .map(Type::getTypeName)
              .collect(Collectors.joining(", ", "<", ">"));
    }

    @Override
    public String toString() {
      return getTypeName();
    }

    // The JDK's own ParameterizedType compares and hashes like this, so both are interchangeable.
    @Override
    public boolean equals(Object other) {
      return other instanceof ParameterizedType that
          && raw.equals(that.getRawType())
          && Objects.equals(getOwnerType(), that.getOwnerType())
          && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(arguments) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }
  }
}
