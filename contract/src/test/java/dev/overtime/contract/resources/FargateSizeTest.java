package dev.overtime.contract.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FargateSizeTest {

  /**
   * The ECS documentation's table ("Task CPU and memory"), written out value by value so that the
   * series arithmetic of {@link FargateSize} is checked against the text, not against itself.
   */
  private static final Map<Integer, List<Integer>> DOCUMENTED_GB = new LinkedHashMap<>();

  static {
    DOCUMENTED_GB.put(256, null); // 512 MB, 1 GB, 2 GB: in MiB below
    DOCUMENTED_GB.put(512, List.of(1, 2, 3, 4));
    DOCUMENTED_GB.put(1024, List.of(2, 3, 4, 5, 6, 7, 8));
    DOCUMENTED_GB.put(2048, List.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16));
    DOCUMENTED_GB.put(
        4096,
        List.of(
            8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30));
    DOCUMENTED_GB.put(8192, List.of(16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60));
    DOCUMENTED_GB.put(16384, List.of(32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120));
  }

  private static List<FargateSize> documented() {
    List<FargateSize> sizes =
        new ArrayList<>(
            List.of(
                new FargateSize(256, 512), new FargateSize(256, 1024), new FargateSize(256, 2048)));
    DOCUMENTED_GB.forEach(
        (cpu, gbs) -> {
          if (gbs != null) {
            gbs.forEach(gb -> sizes.add(new FargateSize(cpu, gb * 1024)));
          }
        });
    return sizes;
  }

  @Test
  void tableIsTheDocumentedOne() {
    assertEquals(documented(), FargateSize.all());
    assertEquals(new FargateSize(16384, 122880), FargateSize.LARGEST);
  }

  @Test
  void examplesOfTheRule() {
    assertEquals(size(4096, 8192), FargateSize.smallestHolding(3 * 1024, 2048).orElseThrow());
    assertEquals(size(256, 2048), FargateSize.smallestHolding(256, 1536).orElseThrow());
    assertEquals(size(512, 3072), FargateSize.smallestHolding(256, 3072).orElseThrow());
    assertEquals(size(1024, 7168), FargateSize.smallestHolding(1024, 7168).orElseThrow());
    assertEquals(size(256, 512), FargateSize.smallestHolding(256, 128).orElseThrow());
    assertEquals(size(8192, 20480), FargateSize.smallestHolding(8192, 17000).orElseThrow());
    assertEquals(size(8192, 32768), FargateSize.smallestHolding(4096, 31 * 1024).orElseThrow());
    assertEquals(size(16384, 122880), FargateSize.smallestHolding(16384, 122880).orElseThrow());
  }

  /** The defect this table fixes: 0.25 vCPU with 1.5 GB was 256 / 1536, which Fargate refuses. */
  @Test
  void quarterVcpuNeverGetsAMemoryFargateRefuses() {
    for (int mib = ResourceSpec.MIN_MEMORY_MIB; mib <= 2048; mib++) {
      FargateSize size = FargateSize.smallestHolding(256, mib).orElseThrow();
      assertTrue(List.of(512, 1024, 2048).contains(size.memoryMib()), mib + " MiB gave " + size);
    }
  }

  /**
   * Every cpu a job may declare (each 1/1024 vCPU from 0.25 to 16) with every memory on either side
   * of a documented size, from the smallest declarable to the largest: the answer is a documented
   * size, holds the declaration, and no documented size that holds it is smaller.
   */
  @Test
  void everyDeclarableCpuAndMemoryBoundaryMapsToTheSmallestDocumentedSizeHoldingIt() {
    List<FargateSize> documented = documented();
    TreeSet<Integer> memories =
        new TreeSet<>(List.of(ResourceSpec.MIN_MEMORY_MIB, ResourceSpec.MAX_MEMORY_MIB));
    for (FargateSize size : documented) {
      IntStream.of(size.memoryMib() - 1, size.memoryMib(), size.memoryMib() + 1)
          .filter(mib -> mib >= ResourceSpec.MIN_MEMORY_MIB && mib <= ResourceSpec.MAX_MEMORY_MIB)
          .forEach(memories::add);
    }
    int checked = 0;
    for (int cpu = ResourceSpec.MIN_CPU_UNITS; cpu <= ResourceSpec.MAX_CPU_UNITS; cpu++) {
      for (int mib : memories) {
        FargateSize expected = smallestByHand(documented, cpu, mib);
        Optional<FargateSize> actual = FargateSize.smallestHolding(cpu, mib);
        if (actual.isEmpty() || !actual.get().equals(expected)) {
          fail("cpu " + cpu + ", memory " + mib + " MiB: expected " + expected + ", got " + actual);
        }
        checked++;
      }
    }
    assertEquals(16129 * memories.size(), checked);
  }

  @Test
  void moreThanTheLargestSizeHasNoSize() {
    assertEquals(Optional.empty(), FargateSize.smallestHolding(16385, 32768));
    assertEquals(Optional.empty(), FargateSize.smallestHolding(256, 122881));
    assertEquals(Optional.empty(), FargateSize.smallestHolding(32768, 245760));
    assertEquals("at most 16 vCPU and 120 GB", FargateSize.ranges());
  }

  @Test
  void namesItsQuantitiesAsJobHandlerSpellsThem() {
    assertEquals("0.25 vCPU / 2 GB", size(256, 2048).toString());
    assertEquals("0.75 vCPU", FargateSize.vcpu(768));
    assertEquals("1536 MB", FargateSize.gb(1536));
  }

  /** Lowest CPU first, then lowest memory, among the documented sizes holding (cpu, mib). */
  private static FargateSize smallestByHand(List<FargateSize> documented, int cpu, int mib) {
    FargateSize best = null;
    for (FargateSize size : documented) {
      if (size.cpuUnits() >= cpu
          && size.memoryMib() >= mib
          && (best == null
              || size.cpuUnits() < best.cpuUnits()
              || size.cpuUnits() == best.cpuUnits() && size.memoryMib() < best.memoryMib())) {
        best = size;
      }
    }
    if (best == null) {
      fail(
          "no documented size holds cpu "
              + cpu
              + ", memory "
              + mib
              + " MiB, yet both are declarable");
    }
    return best;
  }

  private static FargateSize size(int cpuUnits, int memoryMib) {
    return new FargateSize(cpuUnits, memoryMib);
  }
}
