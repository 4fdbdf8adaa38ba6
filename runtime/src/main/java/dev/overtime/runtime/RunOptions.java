package dev.overtime.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-run options for {@link JobClient#run(Object, RunOptions)}.
 *
 * <pre>{@code
 * Jobs.factorial().run(payload, RunOptions.builder()
 *     .idempotencyKey("order-42")          // a second run with this key returns the first run
 *     .timeout(Duration.ofMinutes(5))      // no longer than the job's declared timeout
 *     .build());
 * }</pre>
 */
public final class RunOptions {
  /** Longest accepted idempotency key, in characters. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  private static final RunOptions DEFAULTS = new RunOptions(null, null);

  private final String idempotencyKey;
  private final Duration timeout;

  private RunOptions(String idempotencyKey, Duration timeout) {
    this.idempotencyKey = idempotencyKey;
    this.timeout = timeout;
  }

  /** No idempotency key, the job's declared timeout. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The idempotency key: runs of one job with the same key are one run. */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** A timeout shorter than the job's declared one, for this run only. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The timeout this run gets: the override if present, else the job's. */
  public Duration effectiveTimeout(JobDescriptor<?, ?> job) {
    if (timeout == null) {
      return job.timeout();
    }
    if (timeout.compareTo(job.timeout()) > 0) {
      throw new IllegalArgumentException(
          "RunOptions.timeout "
              + timeout
              + " is longer than the "
              + "timeout declared for job '"
              + job.name()
              + "' ("
              + job.timeout()
              + "); pass at most "
              + job.timeout()
              + ", or raise timeout in its @JobHandler.");
    }
    return timeout;
  }

  @Override
  public String toString() {
    return "RunOptions{idempotencyKey=" + idempotencyKey + ", timeout=" + timeout + "}";
  }

  /** Builder for {@link RunOptions}; each setter checks its value. */
  public static final class Builder {
    private String idempotencyKey;
    private Duration timeout;

    private Builder() {}

    /** 1 to 200 printable characters, unique per job for the runs that should be one. */
    public Builder idempotencyKey(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "idempotencyKey must not be empty; leave it unset for a run without one");
      }
      if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "idempotencyKey is "
                + key.length()
                + " characters; use at most "
                + MAX_IDEMPOTENCY_KEY_LENGTH
                + " (a hash of a longer key works)");
      }
      if (key.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("idempotencyKey must not contain control characters");
      }
      this.idempotencyKey = key;
      return this;
    }

    /** A positive timeout, no longer than the job's declared timeout (checked at run time). */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException(
            "timeout must be positive, e.g. Duration.ofMinutes(5); was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public RunOptions build() {
      return idempotencyKey == null && timeout == null
          ? DEFAULTS
          : new RunOptions(idempotencyKey, timeout);
    }
  }
}
