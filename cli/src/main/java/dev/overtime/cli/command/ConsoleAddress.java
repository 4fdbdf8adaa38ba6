package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks {@code console --port} and {@code --bind} before anything is opened, so that a bad value
 * is bad input (exit 2) with a message, not a failure deep inside the HTTP server.
 */
final class ConsoleAddress {
  private static final int MAX_PORT = 65535;

  private ConsoleAddress() {}

  static void check(String bind, int port) {
    if (port < 0 || port > MAX_PORT) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "--port " + port + ": use a port from 1 to " + MAX_PORT + ", or 0 for any free one.");
    }
    if (bind == null || bind.isBlank()) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT, "--bind: give an address, for example 127.0.0.1 (the default).");
    }
    try {
      InetAddress.getByName(bind.trim());
    } catch (UnknownHostException e) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "--bind "
              + bind
              + ": not an IP address or a host name that resolves; use an address of this"
              + " machine, for example 127.0.0.1 (the default).");
    }
  }
}
