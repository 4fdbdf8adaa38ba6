package dev.overtime.engine.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a new JVM per attempt, with the run contract in its environment (the way a container
 * receives it) and its output appended to the run's log by the child itself, so the log survives a
 * crash of the engine. Its standard input is empty.
 */
final class ColdSpawner implements AttemptSpawner {
  @Override
  public Process spawn(LaunchSpec spec, Map<String, String> contract, Path logFile)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    builder.directory(spec.workingDirectory().toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.putAll(spec.environment());
    environment.putAll(contract);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }
}
