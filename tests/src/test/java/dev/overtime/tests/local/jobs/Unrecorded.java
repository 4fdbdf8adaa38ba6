package dev.overtime.tests.local.jobs;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Succeeds (or, with {@code fail}, throws a retryable exception), after putting a non-empty
 * directory where its outcome document goes, so that the bootstrap cannot write it (a rename onto a
 * non-empty directory fails even for root, unlike a read-only mode). Appends one line per execution
 * to {@code <markerDirectory>/<runId>.runs}. Declares 2 retries, so that a second execution would
 * be possible.
 */
@JobHandler(value = "local-unrecorded", timeout = "60 seconds", memory = "128 MB", retries = 2)
public final class Unrecorded implements Job<Marking, String> {
  @Override
  public String run(Marking payload, JobContext context) throws Exception {
    Files.writeString(
        Path.of(payload.markerDirectory()).resolve(context.runId() + ".runs"),
        "attempt " + context.attempt() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Path outcome = Path.of(URI.create(System.getenv("OVERTIME_RESULT_URI")));
    Files.createDirectories(outcome);
    Files.writeString(outcome.resolve("in-the-way"), "not an outcome");
    if (payload.fail()) {
      throw new IllegalStateException("failed, unrecorded (a retryable exception)");
    }
    return "succeeded, unrecorded";
  }
}
