package dev.overtime.console;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every console request must pass. The Host header must name this server (a page on another
 * site that rebinds its DNS name to 127.0.0.1 sends its own name); POST and DELETE must also carry
 * the session token, which only the console's own page knows.
 */
final class RequestGuard {
  private final SessionToken token;
  private final Set<String> hosts;

  RequestGuard(SessionToken token, String bindAddress, int port) {
    this.token = token;
    // A set: the bind address is usually 127.0.0.1 itself.
    this.hosts =
        new TreeSet<>(
            List.of(
                "127.0.0.1:" + port,
                "localhost:" + port,
                "[::1]:" + port,
                hostPort(bindAddress, port)));
  }

  private static String hostPort(String address, int port) {
    return (address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address)
            .toLowerCase(Locale.ROOT)
        + ":"
        + port;
  }

  void check(Exchange exchange) {
    String host = exchange.header("Host");
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      throw new ApiError(
          403,
          "forbidden-host",
          "Host '" + host + "' is not this console; open it at one of " + hosts + ".");
    }
    String method = exchange.method();
    boolean mutating = !method.equals("GET") && !method.equals("HEAD");
    if (mutating && !token.matches(exchange.header(SessionToken.HEADER))) {
      throw new ApiError(
          403,
          "missing-token",
          "This request changes runs and needs the console's session"
              + " token in the "
              + SessionToken.HEADER
              + " header. Reload the console page (the token changes"
              + " whenever the console restarts).");
    }
  }
}
