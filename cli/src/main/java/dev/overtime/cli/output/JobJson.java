package dev.overtime.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.cli.app.AppJob;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.json.JsonCodec;

/**
 * The stable JSON form of a job, shared by {@code overtime jobs --json} and the console's API:
 * {@code {"name","handler","timeoutSeconds","memoryMb","cpuUnits","retries","payloadSchema",
 * "resultSchema","manifest"}}.
 */
public final class JobJson {
  private JobJson() {}

  public static ObjectNode of(AppJob job) {
    JobDescriptor<?, ?> descriptor = job.descriptor();
    ObjectNode node = JsonCodec.shared().mapper().createObjectNode();
    node.put("name", descriptor.name());
    node.put("handler", descriptor.handlerClass());
    node.put("timeoutSeconds", descriptor.timeout().toSeconds());
    node.put("memoryMb", descriptor.memoryMb());
    node.put("cpuUnits", descriptor.cpuUnits());
    node.put("retries", descriptor.retries());
    node.set("payloadSchema", job.payloadSchema());
    node.set("resultSchema", job.resultSchema());
    node.put("manifest", job.manifestResource());
    return node;
  }

  /** "1h", "30m", "45s": a timeout as people write it. */
  public static String timeout(JobDescriptor<?, ?> descriptor) {
    long seconds = descriptor.timeout().toSeconds();
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** "7 GB", "512 MB". */
  public static String memory(JobDescriptor<?, ?> descriptor) {
    int mb = descriptor.memoryMb();
    return mb % 1024 == 0 ? mb / 1024 + " GB" : mb + " MB";
  }

  /** "1 vCPU", "0.25 vCPU". */
  public static String cpu(JobDescriptor<?, ?> descriptor) {
    double vcpu = descriptor.cpuUnits() / 1024.0;
    String number = vcpu == Math.rint(vcpu) ? String.valueOf((long) vcpu) : String.valueOf(vcpu);
    return number + " vCPU";
  }
}
