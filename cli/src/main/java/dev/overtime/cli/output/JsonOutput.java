package dev.overtime.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;

/** Prints {@code --json} output: pretty-printed, one document, newline-terminated. */
public final class JsonOutput {
  // The CLI's own writer: pretty printing is a matter of this output, not of the runtime's wire
  // format.
  private static final ObjectWriter PRETTY = new ObjectMapper().writerWithDefaultPrettyPrinter();

  private JsonOutput() {}

  public static void print(PrintWriter out, Object document) {
    try {
      out.println(PRETTY.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e);
    }
  }
}
