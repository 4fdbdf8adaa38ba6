package dev.overtime.contract;

import java.util.Objects;

/**
 * Why an attempt did not succeed: a type (an exception class name, or an {@link ErrorCode} id such
 * as {@code overtime.cancelled}) and a message for people.
 *
 * @param type the exception class name or the {@code overtime.*} code
 * @param message what happened; may be empty, never null
 */
public record AttemptError(String type, String message) {
  public AttemptError {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
  }
}
