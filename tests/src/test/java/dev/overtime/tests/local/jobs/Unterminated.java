package dev.overtime.tests.local.jobs;

/**
 * Payload of {@code local-unterminated}: the text it prints without a newline, the attempt from
 * which it succeeds, how long it sleeps first (0 for not at all), and whether that sleep goes on
 * through interrupts (so a stop ends its process only by SIGKILL, before the bootstrap could end
 * the job's line).
 */
public record Unterminated(
    String text, int succeedOnAttempt, long sleepMillis, boolean ignoresInterrupts) {
  /** Sleeps {@code sleepMillis} and ends early when interrupted. */
  public Unterminated(String text, int succeedOnAttempt, long sleepMillis) {
    this(text, succeedOnAttempt, sleepMillis, false);
  }
}
