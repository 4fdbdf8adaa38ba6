package dev.overtime.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the runtime knows about one job, as the annotation processor resolved it at compile
 * time: name, payload and result types, handler class and resources. Generated code creates these;
 * applications read them through {@code Jobs.FACTORIAL} or {@link JobClient#descriptor()}.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobDescriptor<P, R> {
  private final String name;
  private final Class<P> payloadType;
  private final JobType<R> resultType;
  private final String handlerClass;
  private final Duration timeout;
  private final int memoryMb;
  private final int cpuUnits;
  private final int retries;

  private JobDescriptor(Builder<P, R> builder) {
    this.name = requireText(builder.name, "name");
    this.payloadType = Objects.requireNonNull(builder.payloadType, "payloadType");
    this.resultType = Objects.requireNonNull(builder.resultType, "resultType");
    this.handlerClass = requireText(builder.handlerClass, "handlerClass");
    this.timeout = Objects.requireNonNull(builder.timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout of job '" + name + "' must be positive: " + timeout);
    }
    if (builder.memoryMb <= 0 || builder.cpuUnits <= 0 || builder.retries < 0) {
      throw new IllegalArgumentException("memoryMb and cpuUnits of job '" + name
          + "' must be positive and retries not negative");
    }
    this.memoryMb = builder.memoryMb;
    this.cpuUnits = builder.cpuUnits;
    this.retries = builder.retries;
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return value;
  }

  /** Starts a descriptor; defaults match {@code @JobHandler}'s (8 hours, 2048 MB, 1024 units, 0). */
  public static <P, R> Builder<P, R> builder(String name, Class<P> payloadType, JobType<R> resultType) {
    return new Builder<>(name, payloadType, resultType);
  }

  /** The job name, for example {@code factorial}. */
  public String name() {
    return name;
  }

  public Class<P> payloadType() {
    return payloadType;
  }

  public JobType<R> resultType() {
    return resultType;
  }

  /** The fully qualified binary name of the handler class. */
  public String handlerClass() {
    return handlerClass;
  }

  /** How long one attempt may run. */
  public Duration timeout() {
    return timeout;
  }

  /** Memory of one run in MiB ({@code "7 GB"} is 7168). */
  public int memoryMb() {
    return memoryMb;
  }

  /** CPU of one run in units of 1/1024 vCPU, as ECS counts it ({@code "0.25 vCPU"} is 256). */
  public int cpuUnits() {
    return cpuUnits;
  }

  /** How many times a failed attempt is retried. */
  public int retries() {
    return retries;
  }

  @Override
  public String toString() {
    return "JobDescriptor{" + name + ": " + payloadType.getName() + " -> " + resultType
        + ", handler " + handlerClass + ", timeout " + timeout + ", " + memoryMb + " MB, "
        + cpuUnits + " cpu units, " + retries + " retries}";
  }

  /** Builder for {@link JobDescriptor}; used by generated code. */
  public static final class Builder<P, R> {
    private final String name;
    private final Class<P> payloadType;
    private final JobType<R> resultType;
    private String handlerClass;
    private Duration timeout = Duration.ofHours(8);
    private int memoryMb = 2048;
    private int cpuUnits = 1024;
    private int retries;

    private Builder(String name, Class<P> payloadType, JobType<R> resultType) {
      this.name = name;
      this.payloadType = payloadType;
      this.resultType = resultType;
    }

    public Builder<P, R> handlerClass(String handlerClass) {
      this.handlerClass = handlerClass;
      return this;
    }

    public Builder<P, R> timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder<P, R> memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    public Builder<P, R> cpuUnits(int cpuUnits) {
      this.cpuUnits = cpuUnits;
      return this;
    }

    public Builder<P, R> retries(int retries) {
      this.retries = retries;
      return this;
    }

    public JobDescriptor<P, R> build() {
      return new JobDescriptor<>(this);
    }
  }
}
