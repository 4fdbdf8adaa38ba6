package dev.overtime.console;

import com.sun.net.httpserver.HttpExchange;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One HTTP request and its response, with the few things the console needs from both. */
final class Exchange {
  private static final int MAX_BODY = 8 * 1024 * 1024;

  private final HttpExchange exchange;

  Exchange(HttpExchange exchange) {
    this.exchange = exchange;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getPath();
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  Map<String, String> query() {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(key, value);
    }
    return query;
  }

  String body() throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) > 0) {
        body.write(buffer, 0, read);
        if (body.size() > MAX_BODY) {
          throw new ApiError(
              413,
              "payload-too-large",
              "The request body is larger than "
                  + MAX_BODY
                  + " bytes; pass large inputs by reference (a URI in the payload).");
        }
      }
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  void sendJson(int status, Object document) throws IOException {
    byte[] bytes = JsonCodec.shared().encodeToBytes(document);
    send(status, "application/json; charset=utf-8", bytes);
  }

  void send(int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange
        .getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                + " frame-ancestors 'none'");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  void sendError(ApiError error) throws IOException {
    Map<String, Object> body = new HashMap<>();
    body.put("code", error.code());
    body.put("message", error.getMessage());
    sendJson(error.status(), Map.of("error", body));
  }
}
