package dev.overtime.runtime;

import java.util.Objects;

/**
 * Why a run did not succeed: the exception type (for example {@code
 * java.lang.IllegalStateException}, or an Overtime code such as {@code overtime.timed-out}) and its
 * message.
 */
public record RunError(String type, String message) {
  public RunError {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
  }

  @Override
  public String toString() {
    return message.isEmpty() ? type : type + ": " + message;
  }
}
