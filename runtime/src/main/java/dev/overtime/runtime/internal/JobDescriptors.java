package dev.overtime.runtime.internal;

import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import java.time.Duration;

/**
 * How generated code creates a {@link JobDescriptor}:
 *
 * <pre>{@code
 * JobDescriptors.builder("factorial", FactorialPayload.class, JobType.of(BigInteger.class))
 *     .handlerClass("com.example.Factorial").timeout(Duration.ofSeconds(3600)).memoryMib(7168)
 *     .cpuUnits(1024).retries(0).build();
 * }</pre>
 */
public final class JobDescriptors {
  /** {@code @JobHandler}'s default timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(8);

  /** {@code @JobHandler}'s default memory, in MiB. */
  static final int DEFAULT_MEMORY_MIB = 2048;

  /** {@code @JobHandler}'s default CPU, in 1/1024 vCPU. */
  static final int DEFAULT_CPU_UNITS = 1024;

  private JobDescriptors() {}

  /**
   * Starts a descriptor; defaults match {@code @JobHandler}'s (8 hours, 2048 MiB, 1024 units, 0
   * retries).
   */
  public static <P, R> Builder<P, R> builder(
      String name, Class<P> payloadType, JobType<R> resultType) {
    return new Builder<>(name, payloadType, resultType);
  }

  /** The resources of one job, set by generated code from its {@code @JobHandler}. */
  public static final class Builder<P, R> {
    private final String name;
    private final Class<P> payloadType;
    private final JobType<R> resultType;
    private String handlerClass;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int memoryMib = DEFAULT_MEMORY_MIB;
    private int cpuUnits = DEFAULT_CPU_UNITS;
    private int retries;

    private Builder(String name, Class<P> payloadType, JobType<R> resultType) {
      this.name = name;
      this.payloadType = payloadType;
      this.resultType = resultType;
    }

    /** The binary name of the handler class. */
    public Builder<P, R> handlerClass(String handlerClass) {
      this.handlerClass = handlerClass;
      return this;
    }

    /** How long one attempt may run. */
    public Builder<P, R> timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Memory of one run in MiB. */
    public Builder<P, R> memoryMib(int memoryMib) {
      this.memoryMib = memoryMib;
      return this;
    }

    /** CPU of one run in 1/1024 vCPU. */
    public Builder<P, R> cpuUnits(int cpuUnits) {
      this.cpuUnits = cpuUnits;
      return this;
    }

    /** How many times a failed attempt is retried. */
    public Builder<P, R> retries(int retries) {
      this.retries = retries;
      return this;
    }

    /**
     * The descriptor.
     *
     * @throws IllegalArgumentException naming the field that is empty, not positive or negative
     */
    public JobDescriptor<P, R> build() {
      return new JobDescriptor<>(
          name, payloadType, resultType, handlerClass, timeout, memoryMib, cpuUnits, retries);
    }
  }
}
