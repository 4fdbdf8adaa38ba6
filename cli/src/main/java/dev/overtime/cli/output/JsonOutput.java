package dev.overtime.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.PrintWriter;

/** Prints {@code --json} output: pretty-printed, one document, newline-terminated. */
public final class JsonOutput {
  private JsonOutput() {}

  public static void print(PrintWriter out, Object document) {
    try {
      out.println(JsonCodec.shared().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e);
    }
  }
}
