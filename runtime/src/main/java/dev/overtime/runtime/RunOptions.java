package dev.overtime.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-run options for {@link JobClient#run(Object, RunOptions)}.
 *
 * <pre>{@code
 * Jobs.factorial().run(payload, RunOptions.builder()
 *     .idempotencyKey("order-42")          // a second run with this key returns the first run
 *     .timeout(Duration.ofMinutes(5))      // no longer than the job's declared timeout
 *     .startAfter(Duration.ofMinutes(10))  // a delayed run: starts in ten minutes
 *     .timeToLive(Duration.ofHours(1))     // EXPIRED if it has not started within an hour
 *     .tags("customer:42", "nightly")      // listed and filtered by tag
 *     .priority(10)                        // higher starts first; FIFO within a priority
 *     .build());
 * }</pre>
 */
public final class RunOptions {
  /** Longest accepted idempotency key, in characters. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  /** Most tags a run may carry. */
  public static final int MAX_TAGS = 10;

  /** Longest accepted tag, in characters. */
  public static final int MAX_TAG_LENGTH = 64;

  /** Lowest accepted priority. */
  public static final int MIN_PRIORITY = -1000;

  /** Highest accepted priority. */
  public static final int MAX_PRIORITY = 1000;

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/=@+-]*");

  private static final RunOptions DEFAULTS = new Builder().build();

  private final String idempotencyKey;
  private final Duration timeout;
  private final Instant startAt;
  private final Duration startAfter;
  private final Duration timeToLive;
  private final List<String> tags;
  private final int priority;

  private RunOptions(Builder b) {
    this.idempotencyKey = b.idempotencyKey;
    this.timeout = b.timeout;
    this.startAt = b.startAt;
    this.startAfter = b.startAfter;
    this.timeToLive = b.timeToLive;
    this.tags = List.copyOf(b.tags);
    this.priority = b.priority;
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

  /** The start time given with {@link Builder#startAt}, if one was. */
  public Optional<Instant> startAt() {
    return Optional.ofNullable(startAt);
  }

  /** The delay given with {@link Builder#startAfter}, if one was. */
  public Optional<Duration> startAfter() {
    return Optional.ofNullable(startAfter);
  }

  /**
   * When the run may start: the time given with {@link Builder#startAt}, {@code now} plus the delay
   * given with {@link Builder#startAfter}, or empty for a run that may start at once.
   */
  public Optional<Instant> startTime(Instant now) {
    if (startAt != null) {
      return Optional.of(startAt);
    }
    return startAfter == null ? Optional.empty() : Optional.of(now.plus(startAfter));
  }

  /** How long the run may wait to be started before it expires, if limited. */
  public Optional<Duration> timeToLive() {
    return Optional.ofNullable(timeToLive);
  }

  /** The run's tags, in the order given, without duplicates. */
  public List<String> tags() {
    return tags;
  }

  /** The queue priority: higher starts first; 0 by default. */
  public int priority() {
    return priority;
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
    return "RunOptions{idempotencyKey="
        + idempotencyKey
        + ", timeout="
        + timeout
        + ", startAt="
        + startAt
        + ", startAfter="
        + startAfter
        + ", timeToLive="
        + timeToLive
        + ", tags="
        + tags
        + ", priority="
        + priority
        + "}";
  }

  /** Builder for {@link RunOptions}; each setter checks its value. */
  public static final class Builder {
    private String idempotencyKey;
    private Duration timeout;
    private Instant startAt;
    private Duration startAfter;
    private Duration timeToLive;
    private List<String> tags = List.of();
    private int priority;

    private Builder() {}

    /**
     * 1 to 200 printable characters, unique per job for the runs that should be one; the prefix
     * {@code schedule:} is reserved for the runs schedules fire ({@link ScheduledFire}).
     */
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
      if (ScheduledFire.isReserved(key)) {
        throw new IllegalArgumentException(
            "idempotencyKey must not start with '"
                + ScheduledFire.KEY_PREFIX
                + "': that prefix is reserved for the runs schedules fire; use a key of your own,"
                + " e.g. \"nightly-2026-12-02\"");
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

    /**
     * Starts the run no earlier than {@code time}: it is recorded at once and waits for its time.
     * Replaces a delay given with {@link #startAfter}.
     */
    public Builder startAt(Instant time) {
      if (time == null) {
        throw new IllegalArgumentException(
            "startAt must not be null, e.g. Instant.parse(\"2026-12-24T18:00:00Z\"); leave it unset"
                + " for a run that starts at once");
      }
      this.startAt = time;
      this.startAfter = null;
      return this;
    }

    /**
     * Starts the run {@code delay} after {@code run()} is called: it is recorded at once and waits.
     * Replaces a time given with {@link #startAt}.
     */
    public Builder startAfter(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException(
            "startAfter must be zero or positive, e.g. Duration.ofMinutes(10); was " + delay);
      }
      this.startAfter = delay;
      this.startAt = null;
      return this;
    }

    /** A run not started within {@code ttl} ends {@code EXPIRED} and never runs. */
    public Builder timeToLive(Duration ttl) {
      if (ttl == null || ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException(
            "timeToLive must be positive, e.g. Duration.ofHours(1); was " + ttl);
      }
      this.timeToLive = ttl;
      return this;
    }

    /** Tags for listing and filtering runs; replaces tags given before. */
    public Builder tags(String... tags) {
      if (tags == null) {
        throw new IllegalArgumentException("tags must not be null; pass no tags for none");
      }
      return tags(List.of(tags));
    }

    /**
     * Tags for listing and filtering runs: at most {@value #MAX_TAGS}, each 1 to {@value
     * #MAX_TAG_LENGTH} characters of letters, digits and {@code . _ : / = @ + -}, starting with a
     * letter or digit (for example {@code customer:42}); duplicates are dropped. Replaces tags
     * given before.
     */
    public Builder tags(Collection<String> tags) {
      if (tags == null) {
        throw new IllegalArgumentException("tags must not be null; pass an empty list for none");
      }
      LinkedHashSet<String> unique = new LinkedHashSet<>();
      for (String tag : new ArrayList<>(tags)) {
        unique.add(checkTag(tag));
      }
      if (unique.size() > MAX_TAGS) {
        throw new IllegalArgumentException(
            "tags: " + unique.size() + " given; a run carries at most " + MAX_TAGS);
      }
      this.tags = List.copyOf(unique);
      return this;
    }

    /**
     * The queue priority, from {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}: runs with a higher
     * priority start first, FIFO within a priority. 0 by default.
     */
    public Builder priority(int priority) {
      if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
        throw new IllegalArgumentException(
            "priority must be between "
                + MIN_PRIORITY
                + " and "
                + MAX_PRIORITY
                + " (higher starts first); was "
                + priority);
      }
      this.priority = priority;
      return this;
    }

    public RunOptions build() {
      boolean plain =
          idempotencyKey == null
              && timeout == null
              && startAt == null
              && startAfter == null
              && timeToLive == null
              && tags.isEmpty()
              && priority == 0;
      return plain && DEFAULTS != null ? DEFAULTS : new RunOptions(this);
    }

    private static String checkTag(String tag) {
      if (tag == null || tag.isEmpty()) {
        throw new IllegalArgumentException("tags: a tag must not be empty or null");
      }
      if (tag.length() > MAX_TAG_LENGTH) {
        throw new IllegalArgumentException(
            "tags: a tag is " + tag.length() + " characters; use at most " + MAX_TAG_LENGTH);
      }
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException(
            "tags: '"
                + tag
                + "' is not a tag; use letters, digits and . _ : / = @ + -, starting with a"
                + " letter or digit (for example customer:42)");
      }
      return tag;
    }
  }
}
