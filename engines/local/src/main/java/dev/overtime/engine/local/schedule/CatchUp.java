package dev.overtime.engine.local.schedule;

import java.util.Locale;

/**
 * What the supervisor does with the fires of a schedule that it did not see at their time, because
 * no supervisor ran then (the machine was off, the home's supervisor had been stopped). A fire is
 * late when the supervisor notices it more than {@link #LATE_AFTER_SECONDS} seconds after its time;
 * on a running supervisor fires are at most about a second late.
 */
public enum CatchUp {
  /**
   * The default: of the fires missed, the latest one runs once, as soon as a supervisor runs again;
   * the earlier ones are not run (a nightly job off for a week runs once, not seven times).
   */
  LATEST,
  /** Missed fires are not run: the schedule goes on with its next fire. */
  SKIP;

  /** How late a fire may be noticed and still count as on time under {@link #SKIP}. */
  public static final int LATE_AFTER_SECONDS = 60;

  /** {@code latest} or {@code skip}, as the CLI's {@code --catch-up} takes it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy named {@code text} ({@code latest} or {@code skip}, any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CatchUp parse(String text) {
    for (CatchUp policy : values()) {
      if (policy.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "catch-up policy '" + text + "' is not known; use 'latest' (the default) or 'skip'");
  }
}
