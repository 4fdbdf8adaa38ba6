package dev.overtime.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Finds a job's entry, and its payload and result schemas, in a manifest document. */
final class ManifestJobs {
  private ManifestJobs() {}

  static Optional<JsonNode> find(JsonNode manifest, String job) {
    for (JsonNode entry : manifest.path("jobs")) {
      if (job.equals(entry.path("name").asText())) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  static JsonNode payloadSchema(JsonNode entry) {
    return entry.path("payload").path("schema");
  }

  static JsonNode resultSchema(JsonNode entry) {
    JsonNode schema = entry.path("result").path("schema");
    return schema.isMissingNode() ? null : schema;
  }
}
