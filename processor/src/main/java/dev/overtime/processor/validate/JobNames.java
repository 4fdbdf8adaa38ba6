package dev.overtime.processor.validate;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for job names and how a name becomes Java identifiers on {@code Jobs}: {@code
 * video-transcode} is the constant {@code VIDEO_TRANSCODE} and the method {@code videoTranscode()}.
 */
public final class JobNames {
  public static final int MAX_LENGTH = 64;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Methods that {@code Jobs} has already, or inherits from {@code Object}, without parameters. */
  static final Set<String> TAKEN_METHODS =
      Set.of(
          "all",
          "getClass",
          "hashCode",
          "toString",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize");

  private JobNames() {}

  /** Why {@code name} is not a valid job name, or empty when it is valid. */
  public static Optional<String> invalidReason(String name) {
    if (name.length() > MAX_LENGTH) {
      return Optional.of("it has " + name.length() + " characters, more than " + MAX_LENGTH);
    }
    if (NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    if (!Character.isLetter(name.charAt(0))) {
      return Optional.of("it starts with '" + name.charAt(0) + "' instead of a letter");
    }
    if (name.contains("--")) {
      return Optional.of("it has two hyphens in a row");
    }
    if (name.endsWith("-")) {
      return Optional.of("it ends with a hyphen");
    }
    for (char c : name.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        return Optional.of("it contains the uppercase letter '" + c + "'");
      }
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        return Optional.of("it contains '" + c + "'");
      }
    }
    return Optional.of("it does not match [a-z][a-z0-9]*(-[a-z0-9]+)*");
  }

  /** A valid name close to {@code name}, e.g. {@code videoTranscode} → {@code video-transcode}. */
  public static Optional<String> suggestion(String name) {
    String kebab =
        name.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^[^a-z]+", "")
            .replaceAll("-+$", "");
    if (kebab.length() > MAX_LENGTH) {
      kebab = kebab.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    }
    return !kebab.isEmpty() && !kebab.equals(name) && NAME.matcher(kebab).matches()
        ? Optional.of(kebab)
        : Optional.empty();
  }

  /** {@code video-transcode} → {@code videoTranscode}. */
  public static String methodName(String name) {
    StringBuilder method = new StringBuilder();
    String[] parts = name.split("-");
    method.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      method.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return method.toString();
  }

  /** {@code video-transcode} → {@code VIDEO_TRANSCODE}. */
  public static String constantName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
