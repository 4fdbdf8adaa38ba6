package dev.overtime.engine.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides how an attempt's JVM is started, before the run is known: the command
 * ({@code java}, JVM options including {@code -Xmx}, class path, main class), the working directory
 * and the environment without the run contract. Two attempts with equal specs may share a pool of
 * pre-started JVMs ({@link WarmPool}); any difference (another {@code -Xmx}, another class path) is
 * another pool, so a job's memory limit always holds.
 *
 * @param command the command line, ending with the bootstrap's main class
 * @param workingDirectory where the JVM runs
 * @param environment the JVM's environment; the run contract's variables are never in it
 */
record LaunchSpec(List<String> command, Path workingDirectory, Map<String, String> environment) {
  LaunchSpec {
    command = List.copyOf(command);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = Map.copyOf(environment);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("A launch spec needs a command");
    }
  }
}
