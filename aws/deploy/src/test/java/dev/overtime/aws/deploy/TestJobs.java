package dev.overtime.aws.deploy;

import java.util.List;

/** Jobs as the processor's manifests describe them, for the deploy tests. */
final class TestJobs {
  private TestJobs() {}

  static DeployableJob job(String name, int cpuUnits, int memoryMib) {
    return new DeployableJob(name, "com.example." + name.replace("-", ""), cpuUnits, memoryMib, 3600, 1, "test");
  }

  static List<DeployableJob> sample() {
    return List.of(job("factorial", 1024, 7168), job("video-transcode", 4096, 16384));
  }

}
