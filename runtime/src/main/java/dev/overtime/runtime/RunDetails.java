package dev.overtime.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run carries beyond its status: its latest progress, tags, priority, the run it re-runs,
 * its start time and expiry, the schedule that fired it, and when each attempt ran. Engines fill in
 * what they know; everything is optional, with {@link #none()} for a plain run.
 *
 * <pre>{@code
 * JobRun<Void> run = Jobs.transcode().get(runId);
 * run.details().progress().ifPresent(p -> System.out.println(p.fraction() + " " + p.message()));
 * }</pre>
 */
public final class RunDetails {
  private static final RunDetails NONE = new Builder().build();

  private final RunProgress progress;
  private final List<String> tags;
  private final int priority;
  private final String rerunOf;
  private final Instant startAt;
  private final Instant expiresAt;
  private final String schedule;
  private final Instant scheduledFor;
  private final List<AttemptSpan> attempts;

  private RunDetails(Builder b) {
    this.progress = b.progress;
    this.tags = List.copyOf(b.tags);
    this.priority = b.priority;
    this.rerunOf = b.rerunOf;
    this.startAt = b.startAt;
    this.expiresAt = b.expiresAt;
    this.schedule = b.schedule;
    this.scheduledFor = b.scheduledFor;
    this.attempts = List.copyOf(b.attempts);
  }

  /** No details: what a run submitted without options has. */
  public static RunDetails none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these details, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.progress = progress;
    b.tags = tags;
    b.priority = priority;
    b.rerunOf = rerunOf;
    b.startAt = startAt;
    b.expiresAt = expiresAt;
    b.schedule = schedule;
    b.scheduledFor = scheduledFor;
    b.attempts = attempts;
    return b;
  }

  /** The latest progress the handler reported, if any. */
  public Optional<RunProgress> progress() {
    return Optional.ofNullable(progress);
  }

  /** The run's tags ({@link RunOptions.Builder#tags}), in the order given. */
  public List<String> tags() {
    return tags;
  }

  /** The run's queue priority ({@link RunOptions.Builder#priority}); 0 by default. */
  public int priority() {
    return priority;
  }

  /** The id of the run this one re-runs ({@code overtime rerun}), if it is a re-run. */
  public Optional<String> rerunOf() {
    return Optional.ofNullable(rerunOf);
  }

  /** When a delayed run is due to start ({@link RunOptions.Builder#startAt}), if it was delayed. */
  public Optional<Instant> startAt() {
    return Optional.ofNullable(startAt);
  }

  /** When a run not started by then expires ({@link RunOptions.Builder#timeToLive}), if set. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The schedule that fired this run ({@code job#index}, see {@code @Schedule}), if one did. */
  public Optional<String> schedule() {
    return Optional.ofNullable(schedule);
  }

  /** The fire time of the schedule that started this run, if a schedule did. */
  public Optional<Instant> scheduledFor() {
    return Optional.ofNullable(scheduledFor);
  }

  /** When each attempt started and ended, oldest first; empty where the engine does not know. */
  public List<AttemptSpan> attempts() {
    return attempts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunDetails d
        && Objects.equals(progress, d.progress)
        && tags.equals(d.tags)
        && priority == d.priority
        && Objects.equals(rerunOf, d.rerunOf)
        && Objects.equals(startAt, d.startAt)
        && Objects.equals(expiresAt, d.expiresAt)
        && Objects.equals(schedule, d.schedule)
        && Objects.equals(scheduledFor, d.scheduledFor)
        && attempts.equals(d.attempts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        progress, tags, priority, rerunOf, startAt, expiresAt, schedule, scheduledFor, attempts);
  }

  @Override
  public String toString() {
    return "RunDetails{progress="
        + progress
        + ", tags="
        + tags
        + ", priority="
        + priority
        + ", rerunOf="
        + rerunOf
        + ", startAt="
        + startAt
        + ", expiresAt="
        + expiresAt
        + ", schedule="
        + schedule
        + ", scheduledFor="
        + scheduledFor
        + ", attempts="
        + attempts
        + "}";
  }

  /** Builder for {@link RunDetails}; unset values are absent. */
  public static final class Builder {
    private RunProgress progress;
    private List<String> tags = List.of();
    private int priority;
    private String rerunOf;
    private Instant startAt;
    private Instant expiresAt;
    private String schedule;
    private Instant scheduledFor;
    private List<AttemptSpan> attempts = List.of();

    private Builder() {}

    public Builder progress(RunProgress progress) {
      this.progress = progress;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = List.copyOf(tags);
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder rerunOf(String runId) {
      this.rerunOf = runId;
      return this;
    }

    public Builder startAt(Instant startAt) {
      this.startAt = startAt;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder schedule(String schedule, Instant scheduledFor) {
      this.schedule = schedule;
      this.scheduledFor = scheduledFor;
      return this;
    }

    public Builder attempts(List<AttemptSpan> attempts) {
      this.attempts = List.copyOf(attempts);
      return this;
    }

    public RunDetails build() {
      return new RunDetails(this);
    }
  }
}
