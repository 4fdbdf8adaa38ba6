package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.overtime.contract.resources.FargateSize;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestType;
import java.util.List;

/** Jobs as the processor's manifests describe them, for the deploy tests. */
final class TestJobs {
  private TestJobs() {}

  static ManifestJob job(String name, int cpuUnits, int memoryMib) {
    ManifestType text =
        new ManifestType(
            "java.lang.String", JsonNodeFactory.instance.objectNode().put("type", "string"));
    return new ManifestJob(
        name,
        "com.example." + name.replace("-", ""),
        "dev.overtime.bootstrap.Main",
        text,
        text,
        3600,
        "1 hour",
        memoryMib,
        FargateSize.gb(memoryMib),
        cpuUnits,
        FargateSize.vcpu(cpuUnits),
        1);
  }

  static List<ManifestJob> sample() {
    return List.of(job("factorial", 1024, 7168), job("video-transcode", 4096, 16384));
  }
}
