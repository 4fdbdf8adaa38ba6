package dev.overtime.contract.resources;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task size AWS Fargate accepts: the CPU and memory of an ECS task definition, from the ECS
 * documentation ("Troubleshoot Amazon ECS task definition invalid CPU or memory errors",
 * https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html: 0.25 vCPU with
 * 512 MiB, 1 GB or 2 GB; 0.5 vCPU 1–4 GB, 1 vCPU 2–8 GB, 2 vCPU 4–16 GB and 4 vCPU 8–30 GB in 1 GB
 * steps; 8 vCPU 16–60 GB in 4 GB steps; 16 vCPU 32–120 GB in 8 GB steps). A job's declared (cpu,
 * memory) runs on the smallest size whose CPU and memory are both at least as large: lowest CPU
 * first, then lowest memory.
 *
 * <pre>{@code
 * FargateSize.smallestHolding(3 * 1024, 2048);   // 4 vCPU / 8 GB
 * FargateSize.smallestHolding(256, 1536);        // 0.25 vCPU / 2 GB
 * FargateSize.smallestHolding(256, 3072);        // 0.5 vCPU / 3 GB
 * }</pre>
 *
 * <p>Everything {@link ResourceSpec} accepts (0.25 to 16 vCPU, 128 MB to 120 GB) has a size; only
 * more than 16 vCPU or 120 GB has none.
 *
 * @param cpuUnits 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU)
 * @param memoryMib a memory size Fargate offers with that CPU
 */
public record FargateSize(int cpuUnits, int memoryMib) {

  /** The sizes, smallest first. */
  private static final List<FargateSize> ALL = table();

  /** The largest size: what no declaration may exceed. */
  public static final FargateSize LARGEST = ALL.get(ALL.size() - 1);

  /** Every size Fargate offers, by CPU then memory, smallest first. */
  public static List<FargateSize> all() {
    return ALL;
  }

  /**
   * The smallest size with at least {@code cpuUnits} CPU and {@code memoryMib} memory, or empty
   * when no size holds that much (see {@link #ranges()}).
   */
  public static Optional<FargateSize> smallestHolding(int cpuUnits, int memoryMib) {
    for (FargateSize size : ALL) {
      if (size.cpuUnits >= cpuUnits && size.memoryMib >= memoryMib) {
        return Optional.of(size);
      }
    }
    return Optional.empty();
  }

  /** What the sizes hold, for messages: "at most 16 vCPU and 120 GB". */
  public static String ranges() {
    return "at most " + vcpu(LARGEST.cpuUnits) + " and " + gb(LARGEST.memoryMib);
  }

  /** {@code "0.25 vCPU / 2 GB"}. */
  @Override
  public String toString() {
    return vcpu(cpuUnits) + " / " + gb(memoryMib);
  }

  /** {@code 256} → {@code "0.25 vCPU"}. */
  public static String vcpu(int units) {
    return units % 1024 == 0
        ? units / 1024 + " vCPU"
        : BigDecimal.valueOf(units)
                .divide(BigDecimal.valueOf(1024))
                .stripTrailingZeros()
                .toPlainString()
            + " vCPU";
  }

  /** {@code 2048} → {@code "2 GB"}, {@code 1536} → {@code "1536 MB"}. */
  public static String gb(int mib) {
    return mib % 1024 == 0 ? mib / 1024 + " GB" : mib + " MB";
  }

  private static List<FargateSize> table() {
    List<FargateSize> sizes = new ArrayList<>();
    // 0.25 vCPU is the one CPU whose memory is not an arithmetic series.
    for (int mib : new int[] {512, 1024, 2048}) {
      sizes.add(new FargateSize(256, mib));
    }
    series(sizes, 512, 1, 4, 1);
    series(sizes, 1024, 2, 8, 1);
    series(sizes, 2048, 4, 16, 1);
    series(sizes, 4096, 8, 30, 1);
    series(sizes, 8192, 16, 60, 4);
    series(sizes, 16384, 32, 120, 8);
    return List.copyOf(sizes);
  }

  private static void series(
      List<FargateSize> sizes, int cpuUnits, int fromGb, int toGb, int stepGb) {
    for (int gb = fromGb; gb <= toGb; gb += stepGb) {
      sizes.add(new FargateSize(cpuUnits, gb * 1024));
    }
  }
}
