package dev.overtime.tests.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds pre-started bootstrap JVMs (warm JVMs) among processes. */
final class WarmJvms {
  private WarmJvms() {}

  /**
   * Whether {@code process} is a bootstrap waiting for its run contract on standard input (its
   * arguments read from /proc: ProcessHandle.Info cuts long command lines, and test class paths are
   * long).
   */
  static boolean waitsForAContract(ProcessHandle process) {
    return arguments(process).contains("--contract-on-stdin");
  }

  /** The warm JVMs among the children of the home's supervisor. */
  static List<ProcessHandle> ofSupervisor(Path home) {
    return HomeProcesses.supervisorPid(home)
        .flatMap(ProcessHandle::of)
        .map(
            supervisor ->
                supervisor
                    .children()
                    .filter(ProcessHandle::isAlive)
                    .filter(WarmJvms::waitsForAContract)
                    .toList())
        .orElse(List.of());
  }

  private static List<String> arguments(ProcessHandle process) {
    try {
      return List.of(
          Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
