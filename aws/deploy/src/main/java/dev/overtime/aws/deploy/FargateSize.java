package dev.overtime.aws.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task size Fargate accepts: the CPU and memory of an ECS task definition. A job's declared
 * memory is rounded up to the next size Fargate offers for its CPU; a CPU Fargate does not offer,
 * or more memory than that CPU allows, is a {@link DeploymentException} listing the valid choices.
 *
 * @param cpuUnits 256, 512, 1024, 2048, 4096, 8192 or 16384
 * @param memoryMib a memory size valid with that CPU
 */
public record FargateSize(int cpuUnits, int memoryMib) {

  /** Valid memory (MiB) per CPU (units): {min, max, step}; from the ECS documentation of task sizes. */
  private static final Map<Integer, int[]> MEMORY_BY_CPU = new LinkedHashMap<>();

  static {
    MEMORY_BY_CPU.put(256, new int[] {512, 2048, 512});     // 0.5, 1, 2 GB
    MEMORY_BY_CPU.put(512, new int[] {1024, 4096, 1024});
    MEMORY_BY_CPU.put(1024, new int[] {2048, 8192, 1024});
    MEMORY_BY_CPU.put(2048, new int[] {4096, 16384, 1024});
    MEMORY_BY_CPU.put(4096, new int[] {8192, 30720, 1024});
    MEMORY_BY_CPU.put(8192, new int[] {16384, 61440, 4096});
    MEMORY_BY_CPU.put(16384, new int[] {32768, 122880, 8192});
  }

  /**
   * The Fargate size for a job.
   *
   * @throws DeploymentException naming the job, its declaration and the valid choices
   */
  public static FargateSize of(DeployableJob job) {
    int[] memory = MEMORY_BY_CPU.get(job.cpuUnits());
    if (memory == null) {
      throw new DeploymentException("[overtime.fargate-cpu] Job '" + job.name() + "' (" + job.handlerClass()
          + ") declares cpu = " + vcpu(job.cpuUnits()) + ", which Fargate does not offer. Valid cpu values: "
          + String.join(", ", MEMORY_BY_CPU.keySet().stream().map(FargateSize::vcpu).toList())
          + ". Change cpu in its @JobHandler.");
    }
    if (job.memoryMib() > memory[1]) {
      List<String> cpus = new ArrayList<>();
      MEMORY_BY_CPU.forEach((cpu, range) -> {
        if (range[1] >= job.memoryMib()) {
          cpus.add(vcpu(cpu));
        }
      });
      throw new DeploymentException("[overtime.fargate-memory] Job '" + job.name() + "' (" + job.handlerClass()
          + ") declares memory = " + gb(job.memoryMib()) + " with cpu = " + vcpu(job.cpuUnits())
          + ", but Fargate allows " + choices(job.cpuUnits()) + " with " + vcpu(job.cpuUnits()) + ". "
          + (cpus.isEmpty() ? "No Fargate size has that much memory (at most 120 GB); lower memory."
              : "Lower memory, or raise cpu to one of " + cpus + ".")
          + " Change it in its @JobHandler.");
    }
    int mib = Math.max(memory[0], job.memoryMib());
    int remainder = (mib - memory[0]) % memory[2];
    return new FargateSize(job.cpuUnits(), remainder == 0 ? mib : mib + memory[2] - remainder);
  }

  /** The memory sizes valid with {@code cpuUnits}, for messages: "2 GB to 8 GB in 1 GB steps". */
  static String choices(int cpuUnits) {
    int[] memory = MEMORY_BY_CPU.get(cpuUnits);
    return gb(memory[0]) + " to " + gb(memory[1]) + " in " + gb(memory[2]) + " steps";
  }

  private static String vcpu(int units) {
    double value = units / 1024.0;
    return (value == Math.rint(value) ? Integer.toString((int) value) : Double.toString(value)) + " vCPU";
  }

  private static String gb(int mib) {
    return mib % 1024 == 0 ? mib / 1024 + " GB" : mib + " MB";
  }
}
