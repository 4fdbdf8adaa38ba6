package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's channel bounds every exchange in time, at both ends. */
class SupervisorChannelTest {
  @TempDir Path home;

  @Test
  void aClientThatConnectsAndStallsDoesNotHoldTheChannelForOthers() throws Exception {
    SupervisorChannel.Server server = SupervisorChannel.listen(home);
    try {
      server.start(request -> "ok " + request);
      String address = Files.readString(home.resolve(SupervisorChannel.ADDRESS_FILE)).trim();
      assertTrue(address.startsWith("unix "), address);
      try (SocketChannel stalled = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        stalled.connect(UnixDomainSocketAddress.of(address.substring("unix ".length())));
        // Connected, sends nothing: the next request is answered once its read deadline drops it.
        long started = System.nanoTime();
        Optional<String> answer = SupervisorChannel.request(home, "wake");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Optional.of("ok wake"), answer);
        assertTrue(
            took.compareTo(SupervisorChannel.CLIENT_DEADLINE) < 0,
            "answered after " + took + ", not within the client's deadline");
      }
    } finally {
      server.close();
    }
  }

  @Test
  void aSupervisorThatNeverAnswersCountsAsNoneAfterTheClientsDeadline() throws Exception {
    Path socket = home.resolve(SupervisorChannel.SOCKET_FILE);
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      Files.writeString(home.resolve(SupervisorChannel.ADDRESS_FILE), "unix " + socket + "\n");
      // Accepts (the kernel's backlog does) but never reads or answers, as a stuck process would.
      long started = System.nanoTime();
      Optional<String> answer = SupervisorChannel.request(home, "wake");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertEquals(Optional.empty(), answer);
      assertTrue(
          took.compareTo(SupervisorChannel.CLIENT_DEADLINE) >= 0,
          "gave up after " + took + ", before the deadline");
      assertTrue(
          took.compareTo(SupervisorChannel.CLIENT_DEADLINE.plusSeconds(5)) < 0,
          "gave up only after " + took);
    }
  }
}
