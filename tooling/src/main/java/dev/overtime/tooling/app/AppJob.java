package dev.overtime.tooling.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.manifest.ManifestJob;

/**
 * One job of an application, as the CLI and console need it: the pair of its descriptor (from the
 * generated registry: what {@code overtime run} submits, with the codecs that encode the payload)
 * and its manifest entry (what {@code overtime jobs} and the console describe: the JSON Schemas of
 * payload and result, and the resources as declared). Neither alone is enough: the manifest has no
 * codecs, the descriptor no schemas; this adds no field of its own beyond where the manifest is.
 *
 * @param descriptor the job as the processor resolved it
 * @param manifest the job's entry in its compilation's manifest
 * @param manifestResource the manifest's classpath resource, e.g.
 *     META-INF/overtime/com.example.json
 */
public record AppJob(
    JobDescriptor<?, ?> descriptor, ManifestJob manifest, String manifestResource) {

  public String name() {
    return descriptor.name();
  }

  /** The payload's JSON Schema (draft 2020-12). */
  public JsonNode payloadSchema() {
    return manifest.payload().schema();
  }

  /** The result's JSON Schema (draft 2020-12). */
  public JsonNode resultSchema() {
    return manifest.result().schema();
  }
}
