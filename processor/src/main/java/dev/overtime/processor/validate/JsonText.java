package dev.overtime.processor.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259) for the payloads written in {@code @Schedule}: objects become
 * {@link LinkedHashMap}s (order kept), arrays {@link List}s, numbers {@link JsonNumber}s, {@code
 * null} {@link #NULL}. A syntax error says where (line, column), never quoting the text.
 */
final class JsonText {
  /** JSON {@code null}, distinct from an absent property. */
  static final Object NULL = new Object();

  /** A number as written, and whether it was written without fraction or exponent. */
  record JsonNumber(BigDecimal value, boolean whole) {}

  /** The document is not JSON. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  private final String text;
  private int at;

  private JsonText(String text) {
    this.text = text;
  }

  static Object parse(String text) throws SyntaxException {
    JsonText parser = new JsonText(text);
    parser.space();
    Object value = parser.value();
    parser.space();
    if (parser.at != text.length()) {
      throw parser.error();
    }
    return value;
  }

  private SyntaxException error() {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SyntaxException("not valid JSON (line " + line + ", column " + column + ")");
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private Object value() throws SyntaxException {
    if (at >= text.length()) {
      throw error();
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        return number();
    }
  }

  private Object literal(String word, Object value) throws SyntaxException {
    if (!text.startsWith(word, at)) {
      throw error();
    }
    at += word.length();
    return value;
  }

  private Map<String, Object> object() throws SyntaxException {
    Map<String, Object> object = new LinkedHashMap<>();
    at++;
    space();
    if (at < text.length() && text.charAt(at) == '}') {
      at++;
      return object;
    }
    while (true) {
      space();
      if (at >= text.length() || text.charAt(at) != '"') {
        throw error();
      }
      String name = string();
      space();
      expect(':');
      space();
      object.put(name, value());
      space();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
        continue;
      }
      expect('}');
      return object;
    }
  }

  private List<Object> array() throws SyntaxException {
    List<Object> array = new ArrayList<>();
    at++;
    space();
    if (at < text.length() && text.charAt(at) == ']') {
      at++;
      return array;
    }
    while (true) {
      space();
      array.add(value());
      space();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
        continue;
      }
      expect(']');
      return array;
    }
  }

  private void expect(char c) throws SyntaxException {
    if (at >= text.length() || text.charAt(at) != c) {
      throw error();
    }
    at++;
  }

  private String string() throws SyntaxException {
    StringBuilder out = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error();
      }
      char c = text.charAt(at);
      if (c == '"') {
        at++;
        return out.toString();
      }
      if (c < 0x20) {
        throw error();
      }
      if (c != '\\') {
        out.append(c);
        at++;
        continue;
      }
      at++;
      if (at >= text.length()) {
        throw error();
      }
      char escape = text.charAt(at);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 5 > text.length() || !text.substring(at + 1, at + 5).matches("[0-9a-fA-F]{4}")) {
            throw error();
          }
          out.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
          at += 4;
        }
        default -> throw error();
      }
      at++;
    }
  }

  private JsonNumber number() throws SyntaxException {
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
            .matcher(text)
            .region(at, text.length());
    if (!matcher.lookingAt()) {
      throw error();
    }
    at = matcher.end();
    return new JsonNumber(
        new BigDecimal(matcher.group()), matcher.group(2) == null && matcher.group(3) == null);
  }
}
