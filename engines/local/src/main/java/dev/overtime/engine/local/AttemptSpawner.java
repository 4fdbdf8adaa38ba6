package dev.overtime.engine.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the process of one attempt: the supervisor's one seam for how a child JVM comes to be
 * (cold with {@link ColdSpawner}; {@link WarmPool} hands the contract to a pre-started one). The
 * process must be this JVM's child, run {@code dev.overtime.bootstrap.Main} on {@code spec}'s class
 * path with {@code spec}'s JVM options, and see exactly {@code spec.environment()} plus {@code
 * contract} (in its environment, or over its standard input for a warm JVM). Its standard output
 * and standard error end up appended to {@code log}, which may already hold earlier attempts and
 * this attempt's header line.
 */
interface AttemptSpawner extends AutoCloseable {
  /**
   * @param spec how the run's submitter said to launch it
   * @param classDataOptions class-data sharing options for this launch (may be empty)
   * @param contract the run contract ({@code OVERTIME_*} variables) of this attempt
   * @param log where standard output and standard error go (appended)
   * @return the started process, to be watched until it exits
   * @throws IOException when no process could be started (nothing of the run ran)
   */
  Process spawn(
      LaunchSpec spec, List<String> classDataOptions, Map<String, String> contract, Path log)
      throws IOException;

  /** Releases what the spawner holds (pre-started JVMs); attempts already spawned go on. */
  @Override
  default void close() {}
}
