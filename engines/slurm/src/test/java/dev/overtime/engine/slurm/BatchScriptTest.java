package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchScriptTest {
  private static RunSpec spec(int maxAttempts, long timeoutMillis, int memoryMib, int cpuUnits) {
    return new RunSpec(
        "01KB6W3V8Z5N7Q2X4Y6A8C0E2G",
        "transcode",
        Instant.parse("2026-12-01T00:00:00Z"),
        maxAttempts,
        timeoutMillis,
        memoryMib,
        cpuUnits,
        1000,
        10_000,
        null,
        "/opt/java/bin/java",
        List.of(),
        Path.of("/shared/overtime/classpaths/x.args"),
        null,
        null);
  }

  @Test
  void theJobsResourcesBecomeTimeMemAndCpusPerTask() {
    RunSpec spec = spec(1, 3_600_000, 7168, 2048);
    RunFiles files = new RunFiles(Path.of("/shared/overtime/runs/" + spec.id()));

    List<String> options =
        BatchScript.options(
            spec, files, BatchScript.cpus(spec.cpus()), "gpu", "proj-7", List.of("--qos=long"));

    // 1 hour + 10 s grace + 1 min start allowance = 61 min 10 s, rounded up.
    assertTrue(options.contains("--time=62"), options::toString);
    assertTrue(options.contains("--mem=7424M"), options::toString); // 7168 + the runner's 256
    assertTrue(options.contains("--cpus-per-task=2"), options::toString);
    assertTrue(options.contains("--partition=gpu"), options::toString);
    assertTrue(options.contains("--account=proj-7"), options::toString);
    assertEquals("--qos=long", options.get(options.size() - 1), "extra options come last");
  }

  @Test
  void theTimeLimitCoversEveryAttemptAndTheBackoffsBetweenThem() {
    // 3 attempts of 2 min (+ 10 s grace + 1 min allowance each) and backoffs of at most 1 s, 2 s.
    assertEquals(10, BatchScript.timeLimitMinutes(spec(3, 120_000, 128, 1024)));
  }

  @Test
  void partOfAVcpuIsOneCpu() {
    assertEquals(1, BatchScript.cpus(256));
    assertEquals(1, BatchScript.cpus(1024));
    assertEquals(2, BatchScript.cpus(1025));
  }

  @Test
  void theScriptExecsTheAttemptRunnerOnTheRunDirectory() {
    RunSpec spec = spec(1, 60_000, 128, 1024);
    RunFiles files = new RunFiles(Path.of("/shared/it's here/runs/" + spec.id()));

    String script = BatchScript.text(spec, files);

    assertTrue(script.startsWith("#!/bin/sh\n"), script);
    assertTrue(
        script.contains(
            "exec '/opt/java/bin/java' '-Xmx64m' '-XX:+UseSerialGC' '-XX:TieredStopAtLevel=1'"
                + " '-Xshare:auto' '@/shared/overtime/classpaths/x.args'"
                + " dev.overtime.engine.slurm.AttemptRunner '/shared/it'\\''s here/runs/"
                + spec.id()
                + "'"),
        script);
  }
}
