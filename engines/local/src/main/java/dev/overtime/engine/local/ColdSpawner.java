package dev.overtime.engine.local;

import dev.overtime.runtime.internal.FileBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts each attempt as a new JVM with {@link ProcessBuilder}, with the run contract in its
 * environment (the way a container receives it) and its output appended to the run's log by the
 * child itself, so the log survives a crash of the supervisor. Its standard input is empty.
 */
final class ColdSpawner implements AttemptSpawner {
  private final Path home;

  ColdSpawner(Path home) {
    this.home = home;
  }

  @Override
  public Process spawn(
      LaunchSpec spec, List<String> classDataOptions, Map<String, String> contract, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(spec, classDataOptions));
    builder.directory(spec.workingDirectory().toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(spec.environment());
    env.putAll(contract);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return builder.start();
  }

  /**
   * The command line of a JVM that runs the bootstrap per {@code spec} with {@code
   * classDataOptions}, ending with the bootstrap's main class (a warm JVM adds its argument).
   */
  List<String> command(LaunchSpec spec, List<String> classDataOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(spec.java());
    command.addAll(spec.jvmOptions());
    command.addAll(classDataOptions);
    String classpath = spec.classpath();
    if (classpath.length() > 100_000) {
      // Too long for one argument on Linux (128 KiB): pass it in an @argfile.
      Path argfile =
          home.resolve("classpath-" + Integer.toHexString(classpath.hashCode()) + ".args");
      if (!Files.exists(argfile)) {
        String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        new FileBlobStore()
            .write(argfile.toUri(), ("-cp " + quoted + "\n").getBytes(StandardCharsets.UTF_8));
      }
      command.add("@" + argfile);
    } else {
      command.add("-cp");
      command.add(classpath);
    }
    command.add(BootstrapLocator.MAIN_CLASS);
    return command;
  }
}
