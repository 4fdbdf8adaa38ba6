package dev.overtime.contract.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceSpecTest {

  @ParameterizedTest
  @CsvSource({
    "1 second, 1",
    "30 seconds, 30",
    "90 minutes, 5400",
    "8 hours, 28800",
    "1 day, 86400",
    "30 days, 2592000",
    "2 HOURS, 7200",
    "'  5 minutes ', 300"
  })
  void timeoutIsNormalizedToSeconds(String text, long seconds) {
    ResourceSpec.Parsed parsed = ResourceSpec.timeoutSeconds(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(seconds, parsed.amount());
  }

  @ParameterizedTest
  @CsvSource({
    "128 MB, 128",
    "512 MB, 512",
    "0.5 GB, 512",
    "7 GB, 7168",
    "2 gb, 2048",
    "120 GB, 122880"
  })
  void memoryIsNormalizedToMib(String text, long mib) {
    ResourceSpec.Parsed parsed = ResourceSpec.memoryMib(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(mib, parsed.amount());
  }

  @ParameterizedTest
  @CsvSource({
    "0.25 vCPU, 256",
    "0.5 vCPU, 512",
    "1 vCPU, 1024",
    "4 vCPU, 4096",
    "16 vCPU, 16384",
    "1.5 vcpu, 1536"
  })
  void cpuIsNormalizedToUnitsOf1024PerVcpu(String text, long units) {
    ResourceSpec.Parsed parsed = ResourceSpec.cpuUnits(text);
    assertTrue(parsed.ok(), parsed::error);
    assertEquals(units, parsed.amount());
  }

  @ParameterizedTest
  @CsvSource({
    "'3 vcpus', has the unknown unit 'vcpus'",
    "0.125 vCPU, is less than 0.25 vCPU",
    "17 vCPU, is more than 16 vCPU",
    "0.0001 vCPU, is not a multiple of 1/1024 vCPU",
    "-1 vCPU, must be positive",
    "three vCPU, does not parse as a number and a unit"
  })
  void cpuOutsideWhatFargateHoldsIsRejectedWithTheReason(String text, String error) {
    ResourceSpec.Parsed parsed = ResourceSpec.cpuUnits(text);
    assertFalse(parsed.ok());
    assertEquals(error, parsed.error());
  }

  @ParameterizedTest
  @CsvSource({
    "100 MB, is less than 128 MB",
    "121 GB, is more than 120 GB",
    "1.5 MB, is not a whole number of MB",
    "7 TB, has the unknown unit 'TB'"
  })
  void memoryOutsideTheRangeIsRejectedWithTheReason(String text, String error) {
    ResourceSpec.Parsed parsed = ResourceSpec.memoryMib(text);
    assertFalse(parsed.ok());
    assertEquals(error, parsed.error());
  }

  @ParameterizedTest
  @CsvSource({
    "31 days, is longer than 30 days",
    "1.5 hours, must be a whole number of hours",
    "0 seconds, must be positive",
    "1 week, has the unknown unit 'week'"
  })
  void timeoutOutsideTheRangeIsRejectedWithTheReason(String text, String error) {
    ResourceSpec.Parsed parsed = ResourceSpec.timeoutSeconds(text);
    assertFalse(parsed.ok());
    assertEquals(error, parsed.error());
  }

  @ParameterizedTest
  @CsvSource({"-1, is negative", "11, is more than 10"})
  void retriesOutsideZeroToTenAreRejected(int retries, String error) {
    assertEquals(error, ResourceSpec.retries(retries).error());
  }

  @ParameterizedTest
  @CsvSource({"0", "3", "10"})
  void retriesFromZeroToTenAreKept(int retries) {
    assertEquals(retries, ResourceSpec.retries(retries).amount());
  }

  /** Whatever parses runs somewhere on AWS: the ranges are what the largest Fargate size holds. */
  @Test
  void theLargestDeclarationFitsTheLargestFargateSize() {
    assertEquals(FargateSize.LARGEST.cpuUnits(), ResourceSpec.MAX_CPU_UNITS);
    assertEquals(FargateSize.LARGEST.memoryMib(), ResourceSpec.MAX_MEMORY_MIB);
    assertTrue(
        FargateSize.smallestHolding(ResourceSpec.MIN_CPU_UNITS, ResourceSpec.MIN_MEMORY_MIB)
            .isPresent());
  }
}
