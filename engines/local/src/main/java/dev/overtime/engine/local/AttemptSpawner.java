package dev.overtime.engine.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the process of one attempt: the supervisor's one seam for how a child JVM comes to be
 * (cold with {@link ColdSpawner}; a pool of pre-started JVMs may take its place). The process must
 * be this JVM's child, run {@code dev.overtime.bootstrap.Main} on {@code spec}'s class path with
 * {@code spec}'s JVM options, and see exactly {@code spec.environment()} plus {@code contract}.
 */
interface AttemptSpawner {
  /**
   * @param spec how the run's submitter said to launch it
   * @param classDataOptions class-data sharing options for this launch (may be empty)
   * @param contract the run contract ({@code OVERTIME_*} variables) of this attempt
   * @param log where standard output and standard error go (appended)
   * @return the started process
   */
  Process spawn(
      LaunchSpec spec, List<String> classDataOptions, Map<String, String> contract, Path log)
      throws IOException;
}
