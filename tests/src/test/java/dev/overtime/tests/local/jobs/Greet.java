package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;

/** Logs a greeting and returns it repeated {@code times} times. */
public final class Greet implements Job<Greeting, String> {
  @Override
  public String run(Greeting payload, JobContext context) {
    context.log("Hello, " + payload.name() + "!");
    return ("Hello, " + payload.name() + "! ").repeat(payload.times()).trim();
  }
}
