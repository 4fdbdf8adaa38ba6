package dev.overtime.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run contract sent over a pipe to a pre-started (warm) bootstrap, which reads it from its
 * standard input instead of its environment. The keys and values are those of {@link RunContract};
 * only the transport differs. One writer and one reader, both here.
 *
 * <p>The wire format (docs/run-contract.md): UTF-8 text, a first line {@code overtime-run-contract
 * 1}, then one {@code KEY=value} line per variable, then an empty line. In a value, a backslash is
 * written {@code \\}, a line feed {@code \n} and a carriage return {@code \r}; nothing else is
 * escaped.
 *
 * <pre>
 * overtime-run-contract 1
 * OVERTIME_JOB=factorial
 * OVERTIME_RUN_ID=01KB3M5W6S0000000000000000
 * OVERTIME_PAYLOAD={"num":20}
 *
 * </pre>
 */
public final class ContractStream {
  /** The first line of every contract; the number is the format's version. */
  public static final String HEADER = "overtime-run-contract 1";

  /** The longest contract a reader accepts; an inline payload is at most 4 KiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  private ContractStream() {}

  /** The contract as bytes to write to the warm bootstrap's standard input. */
  public static byte[] write(Map<String, String> contract) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, String> entry : contract.entrySet()) {
      String key = entry.getKey();
      if (!isKey(key)) {
        throw new IllegalArgumentException(
            "Not a run contract variable: '" + key + "' (names are OVERTIME_ and A-Z, 0-9, _)");
      }
      if (entry.getValue() == null) {
        throw new IllegalArgumentException("The contract variable " + key + " has no value");
      }
      text.append(key).append('=');
      String value = entry.getValue();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> text.append("\\\\");
          case '\n' -> text.append("\\n");
          case '\r' -> text.append("\\r");
          default -> text.append(c);
        }
      }
      text.append('\n');
    }
    text.append('\n');
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads one contract from {@code in}, blocking until it is complete.
   *
   * @return the variables, or null when the stream ended before the first byte (the sender went
   *     away without sending a run)
   * @throws ContractStreamException when the stream ended part-way or is not a contract
   */
  public static Map<String, String> read(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    Map<String, String> contract = new LinkedHashMap<>();
    boolean headerSeen = false;
    int total = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (total == 0) {
          return null;
        }
        throw new ContractStreamException(
            "the run contract ended after " + total + " bytes, before its closing empty line");
      }
      if (++total > MAX_BYTES) {
        throw new ContractStreamException(
            "the run contract is longer than " + MAX_BYTES + " bytes");
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (!headerSeen) {
        if (!text.equals(HEADER)) {
          throw new ContractStreamException(
              "the run contract must start with '" + HEADER + "', found another first line");
        }
        headerSeen = true;
        continue;
      }
      if (text.isEmpty()) {
        return contract;
      }
      int equals = text.indexOf('=');
      String key = equals < 0 ? text : text.substring(0, equals);
      if (equals < 0 || !isKey(key)) {
        throw new ContractStreamException(
            "line " + (contract.size() + 2) + " of the run contract is not OVERTIME_NAME=value");
      }
      contract.put(key, unescape(text.substring(equals + 1), key));
    }
  }

  private static String unescape(String value, String key) throws ContractStreamException {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = ++i < value.length() ? value.charAt(i) : ' ';
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        default ->
            throw new ContractStreamException(
                "the value of " + key + " has a backslash not followed by \\, n or r");
      }
    }
    return out.toString();
  }

  private static boolean isKey(String key) {
    if (key == null || !key.startsWith("OVERTIME_") || key.length() == "OVERTIME_".length()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
