package dev.overtime.processor.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceSpecTest {

  @ParameterizedTest
  @CsvSource({"1 second, 1", "30 seconds, 30", "90 minutes, 5400", "8 hours, 28800", "1 day, 86400",
      "30 days, 2592000", "2 HOURS, 7200", "'  5 minutes ', 300"})
  void timeoutIsNormalizedToSeconds(String text, long seconds) {
    ResourceSpec.Parsed parsed = ResourceSpec.timeoutSeconds(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(seconds, parsed.amount());
  }

  @ParameterizedTest
  @CsvSource({"128 MB, 128", "512 MB, 512", "0.5 GB, 512", "7 GB, 7168", "2 gb, 2048", "120 GB, 122880"})
  void memoryIsNormalizedToMib(String text, long mib) {
    ResourceSpec.Parsed parsed = ResourceSpec.memoryMib(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(mib, parsed.amount());
  }

  @ParameterizedTest
  @CsvSource({"0.25 vCPU, 256", "0.5 vCPU, 512", "1 vCPU, 1024", "4 vCPU, 4096", "16 vCPU, 16384",
      "1.5 vcpu, 1536"})
  void cpuIsNormalizedToUnitsOf1024PerVcpu(String text, long units) {
    ResourceSpec.Parsed parsed = ResourceSpec.cpuUnits(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(units, parsed.amount());
  }
}
