package dev.overtime.aws.invoker.emulator;

import java.io.IOException;
import java.util.Map;

/** Starts the process that stands for an ECS task's container. */
@FunctionalInterface
public interface TaskLauncher {

  /**
   * @param taskDefinition the task definition named in RunTask
   * @param environment the container overrides' environment plus the emulator's AWS settings
   */
  Process launch(String taskDefinition, Map<String, String> environment) throws IOException;
}
