package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;

/** Logs a greeting and returns it repeated {@code times} times. */
@JobHandler(value = "local-greet", timeout = "120 seconds", memory = "128 MB")
public final class Greet implements Job<Greeting, String> {
  @Override
  public String run(Greeting payload, JobContext context) {
    context.log("Hello, " + payload.name() + "!");
    return ("Hello, " + payload.name() + "! ").repeat(payload.times()).trim();
  }
}
