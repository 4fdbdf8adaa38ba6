package dev.overtime.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.runtime.JobDescriptor;

/**
 * One job of an application: its descriptor (from the generated registry) and the JSON Schemas of
 * its payload and result (from the manifest).
 *
 * @param descriptor the job as the processor resolved it
 * @param payloadSchema the payload's JSON Schema (draft 2020-12)
 * @param resultSchema the result's JSON Schema, or null when the manifest has none
 * @param manifestResource the manifest that declares the job
 */
public record AppJob(
    JobDescriptor<?, ?> descriptor, JsonNode payloadSchema, JsonNode resultSchema, String manifestResource) {

  public String name() {
    return descriptor.name();
  }
}
