package dev.overtime.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Measured values of one variant (milliseconds unless said otherwise), with the order statistics
 * the reports use. Percentiles interpolate linearly between the closest ranks (Hyndman and Fan type
 * 7, as R and NumPy do), so the median of an even count is the mean of the two middle values.
 */
public final class Samples {
  private final String name;
  private final List<Double> values = new ArrayList<>();

  public Samples(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void add(double value) {
    values.add(value);
  }

  public int count() {
    return values.size();
  }

  public double median() {
    return percentile(50);
  }

  /** The {@code p}th percentile, {@code p} from 0 to 100; NaN when empty. */
  public double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double rank = p / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }

  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The raw values in measurement order, e.g. {@code [812.4, 790.1, ...]}. */
  public String raw() {
    return values.stream().map(Samples::format).collect(Collectors.joining(", ", "[", "]"));
  }

  /** One decimal, dot as separator, whatever the locale. */
  public static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** Two decimals, for ratios. */
  public static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  double[] toArray() {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public String toString() {
    return name + " " + Arrays.toString(toArray());
  }
}
