package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.util.stream.Collectors;

/** Returns {@code NAME=value} (or {@code NAME unset}) for each variable its payload names. */
@JobHandler(value = "local-env-probe", timeout = "120 seconds", memory = "128 MB")
public final class EnvProbe implements Job<EnvNames, String> {
  @Override
  public String run(EnvNames payload, JobContext context) {
    return payload.names().stream()
        .map(
            name -> {
              String value = System.getenv(name);
              return value == null ? name + " unset" : name + "=" + value;
            })
        .collect(Collectors.joining(", "));
  }
}
