package dev.overtime.engine.slurm;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One start of one attempt: attempt {@code n} may be started more than once when its handler never
 * began ({@link dev.overtime.contract.Verdict.Action#START_AGAIN}), and each start has its own
 * files, so that a later start never reads what an earlier one left.
 */
record Slot(int attempt, int start) implements Comparable<Slot> {
  static final Slot FIRST = new Slot(1, 1);

  private static final Pattern CLAIM = Pattern.compile("attempt-(\\d+)-(\\d+)\\.claim");
  private static final Comparator<Slot> ORDER =
      Comparator.comparingInt(Slot::attempt).thenComparingInt(Slot::start);

  /** The base of this slot's file names: {@code attempt-2-1}. */
  String name() {
    return "attempt-" + attempt + "-" + start;
  }

  Slot nextAttempt() {
    return new Slot(attempt + 1, 1);
  }

  Slot nextStart() {
    return new Slot(attempt, start + 1);
  }

  /** The slot whose claim file has this name, or null. */
  static Slot ofClaimFile(String fileName) {
    Matcher matcher = CLAIM.matcher(fileName);
    return matcher.matches()
        ? new Slot(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))
        : null;
  }

  @Override
  public int compareTo(Slot other) {
    return ORDER.compare(this, other);
  }
}
