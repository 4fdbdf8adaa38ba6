package dev.overtime.tooling.payload;

/**
 * One thing wrong with a payload.
 *
 * @param path the JSON path of the offending value, {@code $} for the document, e.g. {@code $.num}
 * @param message what is wrong and, where it helps, how to fix it
 */
public record PayloadProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
