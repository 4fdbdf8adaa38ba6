package dev.overtime.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.RunError;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.contract.RunOutcome;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Reads the outcome document a child wrote to its {@code OVERTIME_RESULT_URI}. */
final class OutcomeDocument {
  private OutcomeDocument() {}

  /** The outcome at {@code file}; empty when there is none or it cannot be understood (said on stderr). */
  static Optional<RunOutcome> read(Path file) {
    try {
      JsonNode tree = JsonCodec.shared().readTree(Files.readAllBytes(file));
      JsonNode error = tree.path("error");
      return Optional.of(new RunOutcome(
          tree.path("runId").asText(),
          tree.path("job").asText(),
          tree.path("attempt").asInt(1),
          RunStatus.valueOf(tree.path("status").asText()),
          tree.hasNonNull("result") || tree.has("result") ? tree.get("result") : null,
          error.isObject() ? new RunError(error.path("type").asText("unknown"), error.path("message").asText("")) : null,
          tree.path("retryable").asBoolean(false),
          Instant.parse(tree.path("finishedAt").asText())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Say why: otherwise the run only reads "exited without reporting an outcome".
      System.err.println("[overtime] local engine: cannot read the outcome document " + file + ": " + e);
      return Optional.empty();
    }
  }
}
