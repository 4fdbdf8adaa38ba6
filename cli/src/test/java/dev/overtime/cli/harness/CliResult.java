package dev.overtime.cli.harness;

/** What one {@code overtime} invocation did: exit code, standard output and standard error. */
public record CliResult(int exitCode, String out, String err) {
  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
