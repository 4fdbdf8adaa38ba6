package dev.overtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that start a request and then send nothing more must not freeze the API: each request has
 * a read deadline, after which its connection is closed and its thread serves others.
 */
class SampleApiStalledClientsTest {
  private static final int THREADS = 2;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  private SampleApi api;
  private final List<Socket> stalled = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    // No engine: the endpoint asked here answers without one.
    api = SampleApi.start(null, "127.0.0.1", 0, THREADS, READ_TIMEOUT);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : stalled) {
      socket.close();
    }
    api.close();
  }

  private Socket stall(String requestStart) throws IOException {
    Socket socket = new Socket("127.0.0.1", api.port());
    stalled.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(requestStart.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void moreStalledBodiesThanThreadsDoNotFreezeTheApi() throws Exception {
    for (int i = 0; i < THREADS * 2; i++) {
      stall("POST /api/factorial HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"nu");
    }

    HttpResponse<String> answer = get("/nothing-here");

    assertEquals(404, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("No such endpoint"), answer.body());
  }

  @Test
  void aStalledBodyHasItsConnectionClosedAfterTheReadTimeout() throws Exception {
    Socket socket =
        stall("POST /api/factorial HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{");

    assertClosedByServerWithin(socket, Duration.ofSeconds(15));
  }

  @Test
  void aStalledRequestLineHasItsConnectionClosedAfterTheReadTimeout() throws Exception {
    Socket socket = stall("GET /api/ru");

    assertClosedByServerWithin(socket, Duration.ofSeconds(15));
  }

  private static void assertClosedByServerWithin(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    try {
      int read;
      do {
        read = in.read();
      } while (read != -1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a stalled connection open for " + limit, e);
    } catch (IOException reset) {
      // Closed with unread input: a reset is as good as an end of stream.
    }
  }
}
