package dev.overtime.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the console's single page and its assets from the jar (plain HTML, CSS and JavaScript; no
 * build step, nothing from the network). The page carries the session token in a meta tag.
 */
final class ConsolePage implements HttpHandler {
  private static final String ROOT = "/dev/overtime/console/";
  private static final Map<String, String> ASSETS =
      Map.of(
          "/assets/console.css", "text/css; charset=utf-8",
          "/assets/console.js", "text/javascript; charset=utf-8",
          "/assets/schema-form.js", "text/javascript; charset=utf-8",
          "/assets/favicon.svg", "image/svg+xml");

  private final RequestGuard guard;
  private final SessionToken token;

  ConsolePage(RequestGuard guard, SessionToken token) {
    this.guard = guard;
    this.token = token;
  }

  @Override
  public void handle(HttpExchange http) throws IOException {
    Exchange exchange = new Exchange(http);
    try {
      guard.check(exchange);
      if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
        throw new ApiError(405, "method-not-allowed", "Only GET is served here.");
      }
      String path = exchange.path();
      if (path.equals("/") || path.equals("/index.html")) {
        String page =
            new String(resource("index.html"), StandardCharsets.UTF_8)
                .replace("{{SESSION_TOKEN}}", token.value());
        exchange.send(200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
      } else if (ASSETS.containsKey(path)) {
        exchange.send(200, ASSETS.get(path), resource(path.substring("/assets/".length())));
      } else {
        throw new ApiError(404, "not-found", "No page at " + path + "; the console is at /.");
      }
    } catch (ApiError error) {
      exchange.sendError(error);
    } finally {
      http.close();
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ConsolePage.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IOException("console resource " + ROOT + name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }
}
