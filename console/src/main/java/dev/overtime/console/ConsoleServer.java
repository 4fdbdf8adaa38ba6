package dev.overtime.console;

import com.sun.net.httpserver.HttpServer;
import dev.overtime.tooling.app.Application;
import dev.overtime.tooling.runs.HomeRuns;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local console: a JDK HTTP server on the loopback interface serving one page and the JSON API.
 *
 * <pre>{@code
 * try (ConsoleServer console = ConsoleServer.start("127.0.0.1", 0, app, runs, System.err)) {
 *   System.out.println(console.url());
 * }
 * }</pre>
 */
public final class ConsoleServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final SessionToken token;
  private final String host;

  private ConsoleServer(
      HttpServer server, ExecutorService executor, SessionToken token, String host) {
    this.server = server;
    this.executor = executor;
    this.token = token;
    this.host = host;
  }

  /**
   * Starts serving. {@code application} may be null: the console then shows runs but cannot start
   * any. Port 0 picks a free port.
   */
  public static ConsoleServer start(
      String bindAddress, int port, Application application, HomeRuns runs, PrintStream errors)
      throws IOException {
    InetAddress address = InetAddress.getByName(bindAddress);
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
    int actualPort = server.getAddress().getPort();
    SessionToken token = SessionToken.generate();
    RequestGuard guard = new RequestGuard(token, bindAddress, actualPort);
    server.createContext("/api/", new ConsoleApi(guard, application, runs, errors));
    server.createContext("/", new ConsolePage(guard, token));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "overtime-console");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    String host =
        address.getHostAddress().contains(":")
            ? "[" + address.getHostAddress() + "]"
            : address.getHostAddress();
    return new ConsoleServer(server, executor, token, host);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where to open the console, e.g. {@code http://127.0.0.1:7070/}. */
  public String url() {
    return "http://" + host + ":" + port() + "/";
  }

  /** The session token mutating requests must carry. */
  public SessionToken token() {
    return token;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
