package dev.overtime.engine.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Brings an attempt's process to life: a JVM running the bootstrap per {@code spec}, given the run
 * contract {@code contract}, whose standard output and standard error end up appended to {@code
 * logFile} (which may already hold earlier attempts and this attempt's header line). {@link
 * ColdSpawner} starts a new JVM with the contract in its environment; {@link WarmPool} hands the
 * contract to a pre-started one.
 */
interface AttemptSpawner extends AutoCloseable {
  /**
   * Starts the attempt; the returned process is the attempt's, to be watched until it exits.
   *
   * @throws IOException when no process could be started (nothing of the run ran)
   */
  Process spawn(LaunchSpec spec, Map<String, String> contract, Path logFile) throws IOException;

  /** Releases what the spawner holds (pre-started JVMs); attempts already spawned go on. */
  @Override
  default void close() {}
}
