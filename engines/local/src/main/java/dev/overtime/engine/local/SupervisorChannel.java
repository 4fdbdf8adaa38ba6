package dev.overtime.engine.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * How clients reach the supervisor of a home: one line of request, one line of answer. A
 * Unix-domain socket {@code supervisor.sock} in the home when its path fits the operating system's
 * limit (about 108 bytes), else loopback TCP on a free port. Either way {@code supervisor.address}
 * in the home says where ({@code unix <path>} or {@code tcp <port>}).
 *
 * <p>Both ends bound each exchange in time: a client that connects and stalls cannot hold the
 * supervisor's channel (it is dropped after {@link #SERVER_READ_DEADLINE}), and a supervisor that
 * does not answer (stopped, or stuck) counts as none after {@link #CLIENT_DEADLINE}.
 */
final class SupervisorChannel {
  static final String ADDRESS_FILE = "supervisor.address";
  static final String SOCKET_FILE = "supervisor.sock";

  /** Unix-domain socket paths longer than this fall back to TCP (Linux allows 107 bytes). */
  private static final int UNIX_PATH_LIMIT = 100;

  /** How long the supervisor waits for a connected client's request line. */
  static final Duration SERVER_READ_DEADLINE = Duration.ofSeconds(2);

  /** How long a client waits for the whole exchange: connect, request, answer. */
  static final Duration CLIENT_DEADLINE = Duration.ofSeconds(10);

  private SupervisorChannel() {}

  /** Closes channels whose exchange overran its deadline; blocked reads then end at once. */
  private static final class Deadlines {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "overtime-supervisor-channel-deadline");
              thread.setDaemon(true);
              return thread;
            });

    static ScheduledFuture<?> closeAfter(SocketChannel channel, Duration deadline) {
      return TIMER.schedule(
          () -> {
            try {
              channel.close();
            } catch (IOException e) {
              // Closing is all that is asked for; a failure leaves nothing to do.
            }
          },
          deadline.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  static Server listen(Path home) throws IOException {
    Server server = new Server(home);
    server.reopen();
    return server;
  }

  /** Sends one request; empty when no supervisor answers (none is running, or it is stopping). */
  static Optional<String> request(Path home, String request) {
    String address;
    try {
      address = Files.readString(home.resolve(ADDRESS_FILE), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    SocketAddress target;
    StandardProtocolFamily family;
    if (address.startsWith("unix ")) {
      target = UnixDomainSocketAddress.of(address.substring(5));
      family = StandardProtocolFamily.UNIX;
    } else if (address.startsWith("tcp ")) {
      try {
        target =
            new InetSocketAddress(
                InetAddress.getLoopbackAddress(), Integer.parseInt(address.substring(4).trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      family = StandardProtocolFamily.INET;
    } else {
      return Optional.empty();
    }
    try (SocketChannel channel = SocketChannel.open(family)) {
      ScheduledFuture<?> deadline = Deadlines.closeAfter(channel, CLIENT_DEADLINE);
      try {
        return exchange(channel, target, request);
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> exchange(
      SocketChannel channel, SocketAddress target, String request) throws IOException {
    channel.connect(target);
    OutputStream out = Channels.newOutputStream(channel);
    out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    String answer = in.readLine();
    return Optional.ofNullable(answer);
  }

  /** The supervisor's end. */
  static final class Server {
    private final Path home;
    private volatile ServerSocketChannel channel;
    private volatile String description = "";
    private volatile UnaryOperator<String> handler;
    private Path socketFile;

    private Server(Path home) {
      this.home = home;
    }

    String description() {
      return description;
    }

    /** Answers requests with {@code handler} on a thread of its own. */
    void start(UnaryOperator<String> handler) {
      this.handler = handler;
      startAccepting(channel);
    }

    private void startAccepting(ServerSocketChannel listening) {
      Thread thread = new Thread(() -> accept(listening), "overtime-supervisor-channel");
      thread.setDaemon(true);
      thread.start();
    }

    private void accept(ServerSocketChannel listening) {
      while (listening.isOpen()) {
        try (SocketChannel client = listening.accept()) {
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
          ScheduledFuture<?> deadline = Deadlines.closeAfter(client, SERVER_READ_DEADLINE);
          String request;
          try {
            request = in.readLine();
          } finally {
            deadline.cancel(false);
          }
          String answer = request == null ? "error empty request" : handler.apply(request);
          OutputStream out = Channels.newOutputStream(client);
          out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException | RuntimeException e) {
          if (!listening.isOpen()) {
            return;
          }
        }
      }
    }

    /** Listens (again); the address file names the new address. */
    void reopen() throws IOException {
      Path socket = home.resolve(SOCKET_FILE);
      ServerSocketChannel opened;
      String address;
      if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= UNIX_PATH_LIMIT) {
        Files.deleteIfExists(socket);
        opened = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        opened.bind(UnixDomainSocketAddress.of(socket));
        socketFile = socket;
        address = "unix " + socket;
        description = socket.toString();
      } else {
        opened = ServerSocketChannel.open(StandardProtocolFamily.INET);
        opened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) opened.getLocalAddress()).getPort();
        address = "tcp " + port;
        description = "127.0.0.1:" + port + " (the home's path is too long for a Unix socket)";
      }
      Path temporary = home.resolve(ADDRESS_FILE + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(temporary, address + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary,
          home.resolve(ADDRESS_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      channel = opened;
      if (handler != null) {
        startAccepting(opened);
      }
    }

    /** Stops listening: from now on clients find no supervisor. */
    void close() {
      ServerSocketChannel open = channel;
      try {
        if (open != null) {
          open.close();
        }
        if (socketFile != null) {
          Files.deleteIfExists(socketFile);
        }
      } catch (IOException e) {
        // A stale socket file only makes the next connect fail, as it should.
      }
    }
  }
}
