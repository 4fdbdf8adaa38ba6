package dev.overtime.tooling.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.tooling.app.AppJob;

/**
 * The stable JSON form of a job, shared by {@code overtime jobs --json} and the console's API:
 * {@code
 * {"name","handler","timeoutSeconds","memoryMib","cpuUnits","retries","concurrency","declared":{"timeout",
 * "memory","cpu"},"payloadSchema","resultSchema","manifest"}}.
 */
public final class JobJson {
  private JobJson() {}

  public static ObjectNode of(AppJob job) {
    JobDescriptor<?, ?> descriptor = job.descriptor();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", descriptor.name());
    node.put("handler", descriptor.handlerClass());
    node.put("timeoutSeconds", descriptor.timeout().toSeconds());
    node.put("memoryMib", descriptor.memoryMib());
    node.put("cpuUnits", descriptor.cpuUnits());
    node.put("retries", descriptor.retries());
    node.put("concurrency", descriptor.concurrency());
    ObjectNode declared = node.putObject("declared");
    declared.put("timeout", job.manifest().timeoutDeclared());
    declared.put("memory", job.manifest().memoryDeclared());
    declared.put("cpu", job.manifest().cpuDeclared());
    node.set("payloadSchema", job.payloadSchema());
    node.set("resultSchema", job.resultSchema());
    node.put("manifest", job.manifestResource());
    return node;
  }
}
