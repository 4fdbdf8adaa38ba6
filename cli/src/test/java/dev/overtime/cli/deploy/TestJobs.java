package dev.overtime.cli.deploy;

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

  /** A manifest in the processor's format (formatVersion 1). */
  static String manifest(String name, String cpuUnits, String memoryMib) {
    return """
        {"formatVersion":1,"jobs":[{"cpu":{"declared":"1 vCPU","units":%s},
        "entrypoint":"dev.overtime.bootstrap.Main","handlerClass":"com.example.Factorial",
        "memory":{"declared":"7 GB","mib":%s},"name":"%s","payload":{"javaType":"com.example.P","schema":{}},
        "result":{"javaType":"java.lang.Long","schema":{}},"retries":2,"timeout":{"declared":"1 hour","seconds":3600}}],
        "package":"com.example","registry":"com.example.JobsRegistry"}
        """.formatted(cpuUnits, memoryMib, name);
  }
}
