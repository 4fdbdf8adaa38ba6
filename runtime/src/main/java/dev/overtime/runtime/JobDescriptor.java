package dev.overtime.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the runtime knows about one job, as the annotation processor resolved it at compile
 * time: name, payload and result types, handler class and resources. Generated code creates these;
 * applications read them through {@code Jobs.FACTORIAL}, {@code Jobs.all()} or {@link
 * JobClient#descriptor()}.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobDescriptor<P, R> {
  /** Highest per-job concurrency limit, as {@code @JobHandler(concurrency)} accepts it. */
  public static final int MAX_CONCURRENCY = 1000;

  private final String name;
  private final Class<P> payloadType;
  private final JobType<P> payloadJobType;
  private final JobType<R> resultType;
  private final String handlerClass;
  private final Duration timeout;
  private final int memoryMib;
  private final int cpuUnits;
  private final int retries;
  private final int concurrency; // 0: no per-job limit

  /**
   * Not API: a descriptor whose JSON goes through data binding (tests, descriptors built by hand);
   * generated code uses the constructor below. This constructor is public only because Java has no
   * visibility between two packages; it may change in any release.
   *
   * @throws IllegalArgumentException naming the field that is empty, not positive or negative
   */
  public JobDescriptor(
      String name,
      Class<P> payloadType,
      JobType<R> resultType,
      String handlerClass,
      Duration timeout,
      int memoryMib,
      int cpuUnits,
      int retries) {
    this(
        name,
        JobType.of(Objects.requireNonNull(payloadType, "payloadType")),
        resultType,
        handlerClass,
        timeout,
        memoryMib,
        cpuUnits,
        retries);
  }

  /**
   * Not API: generated code calls this constructor with explicit type arguments and its generated
   * JSON codecs as {@code payloadType} and {@code resultType}; it may change in any release.
   *
   * @throws IllegalArgumentException naming the field that is empty, not positive or negative, or
   *     if {@code payloadType} is not a plain class
   */
  public JobDescriptor(
      String name,
      JobType<P> payloadType,
      JobType<R> resultType,
      String handlerClass,
      Duration timeout,
      int memoryMib,
      int cpuUnits,
      int retries) {
    this(name, payloadType, resultType, handlerClass, timeout, memoryMib, cpuUnits, retries, 0);
  }

  @SuppressWarnings("unchecked")
  private JobDescriptor(
      String name,
      JobType<P> payloadType,
      JobType<R> resultType,
      String handlerClass,
      Duration timeout,
      int memoryMib,
      int cpuUnits,
      int retries,
      int concurrency) {
    this.name = requireText(name, "name");
    this.payloadJobType = Objects.requireNonNull(payloadType, "payloadType");
    if (!(payloadType.type() instanceof Class<?> payloadClass)) {
      throw new IllegalArgumentException(
          "payloadType of job '" + name + "' must be a record class: " + payloadType);
    }
    this.payloadType = (Class<P>) payloadClass;
    this.resultType = Objects.requireNonNull(resultType, "resultType");
    this.handlerClass = requireText(handlerClass, "handlerClass");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "timeout of job '" + name + "' must be positive: " + timeout);
    }
    requirePositive(name, "memoryMib", memoryMib);
    requirePositive(name, "cpuUnits", cpuUnits);
    if (retries < 0) {
      throw new IllegalArgumentException(
          "retries of job '" + name + "' must not be negative: " + retries);
    }
    this.memoryMib = memoryMib;
    this.cpuUnits = cpuUnits;
    this.retries = retries;
    this.concurrency = concurrency;
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return value;
  }

  private static void requirePositive(String job, String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          field + " of job '" + job + "' must be positive: " + value);
    }
  }

  /** The job name, for example {@code factorial}. */
  public String name() {
    return name;
  }

  /** The class of the payload. */
  public Class<P> payloadType() {
    return payloadType;
  }

  /** The payload type as a {@link JobType}, for encoding and decoding it. */
  public JobType<P> payloadJobType() {
    return payloadJobType;
  }

  /** The result type, generic arguments included. */
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

  /** Memory of one run in MiB ({@code "7 GB"} is 7168), as the manifest's {@code memoryMib}. */
  public int memoryMib() {
    return memoryMib;
  }

  /** CPU of one run in units of 1/1024 vCPU, as ECS counts it ({@code "0.25 vCPU"} is 256). */
  public int cpuUnits() {
    return cpuUnits;
  }

  /** How many times a failed attempt is retried. */
  public int retries() {
    return retries;
  }

  /**
   * Most runs of this job that may run at once on one engine home ({@code @JobHandler(concurrency =
   * N)}), or 0 when the job has no limit of its own (only the engine's).
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Not API: this descriptor with a per-job concurrency limit, as generated code declares it; it
   * may change in any release.
   *
   * @throws IllegalArgumentException unless {@code concurrency} is from 1 to 1000
   */
  public JobDescriptor<P, R> withConcurrency(int concurrency) {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency of job '"
              + name
              + "' must be from 1 to "
              + MAX_CONCURRENCY
              + ": "
              + concurrency);
    }
    return new JobDescriptor<>(
        name,
        payloadJobType,
        resultType,
        handlerClass,
        timeout,
        memoryMib,
        cpuUnits,
        retries,
        concurrency);
  }

  @Override
  public String toString() {
    return "JobDescriptor{"
        + name
        + ": "
        + payloadType.getName()
        + " -> "
        + resultType
        + ", handler "
        + handlerClass
        + ", timeout "
        + timeout
        + ", "
        + memoryMib
        + " MiB, "
        + cpuUnits
        + " cpu units, "
        + retries
        + " retries"
        + (concurrency > 0 ? ", concurrency " + concurrency : "")
        + "}";
  }
}
