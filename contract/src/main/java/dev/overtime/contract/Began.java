package dev.overtime.contract;

/**
 * What an engine knows about whether the attempt's handler began (from the {@link BeganDocument}).
 */
public enum Began {
  /** The began document of this attempt is there. */
  YES,
  /**
   * The engine passed {@code OVERTIME_BEGAN_URI} and there is no document: the handler never began.
   */
  NO,
  /**
   * The engine did not pass {@code OVERTIME_BEGAN_URI}, or could not read it: it may have begun.
   */
  UNKNOWN
}
