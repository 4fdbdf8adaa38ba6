package dev.overtime.contract.resources;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the resource values of {@code @JobHandler}: {@code timeout} into seconds, {@code memory}
 * into MiB, {@code cpu} into units of 1/1024 vCPU, and checks {@code retries}, within the
 * documented ranges. The processor rejects what this rejects; whatever it accepts, every engine
 * runs: the local engine as declared, AWS on the {@link FargateSize#smallestHolding smallest
 * Fargate size} that holds it (the ranges here are exactly what the largest Fargate size holds).
 *
 * <pre>{@code
 * ResourceSpec.Parsed memory = ResourceSpec.memoryMib("7 GB");   // ok(), amount() == 7168
 * ResourceSpec.Parsed cpu = ResourceSpec.cpuUnits("3 vcpus");    // !ok(), error() names the unit
 * }</pre>
 */
public final class ResourceSpec {
  /** Most runs of one job that may run at once ({@code @JobHandler(concurrency)}). */
  public static final int MAX_CONCURRENCY = 1000;

  public static final long MAX_TIMEOUT_SECONDS = 30L * 24 * 3600;
  public static final int MIN_MEMORY_MIB = 128;
  public static final int MAX_MEMORY_MIB = 120 * 1024;
  public static final int MIN_CPU_UNITS = 256;
  public static final int MAX_CPU_UNITS = 16 * 1024;
  public static final int MAX_RETRIES = 10;
  private static final Pattern AMOUNT = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)");

  /**
   * A parsed amount in its normalized unit, or why the text was rejected ("does not parse", "must
   * be positive", …), phrased to follow the quoted value in a message.
   */
  public record Parsed(long amount, String error) {
    static Parsed of(long amount) {
      return new Parsed(amount, null);
    }

    static Parsed rejected(String error) {
      return new Parsed(0, error);
    }

    public boolean ok() {
      return error == null;
    }
  }

  private ResourceSpec() {}

  /** {@code "90 minutes"} → 5400 seconds. */
  public static Parsed timeoutSeconds(String text) {
    Matcher matcher = AMOUNT.matcher(text.trim());
    if (!matcher.matches()) {
      return Parsed.rejected("does not parse as a number and a unit");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    long unitSeconds;
    switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "second", "seconds" -> unitSeconds = 1;
      case "minute", "minutes" -> unitSeconds = 60;
      case "hour", "hours" -> unitSeconds = 3600;
      case "day", "days" -> unitSeconds = 24 * 3600;
      default -> {
        return Parsed.rejected("has the unknown unit '" + matcher.group(2) + "'");
      }
    }
    if (number.signum() <= 0) {
      return Parsed.rejected("must be positive");
    }
    if (number.stripTrailingZeros().scale() > 0) {
      return Parsed.rejected("must be a whole number of " + matcher.group(2));
    }
    BigDecimal seconds = number.multiply(BigDecimal.valueOf(unitSeconds));
    if (seconds.compareTo(BigDecimal.valueOf(MAX_TIMEOUT_SECONDS)) > 0) {
      return Parsed.rejected("is longer than 30 days");
    }
    return Parsed.of(seconds.longValueExact());
  }

  /** {@code "7 GB"} → 7168 MiB. */
  public static Parsed memoryMib(String text) {
    Matcher matcher = AMOUNT.matcher(text.trim());
    if (!matcher.matches()) {
      return Parsed.rejected("does not parse as a number and a unit");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    BigDecimal mib;
    switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "mb" -> mib = number;
      case "gb" -> mib = number.multiply(BigDecimal.valueOf(1024));
      default -> {
        return Parsed.rejected("has the unknown unit '" + matcher.group(2) + "'");
      }
    }
    if (number.signum() <= 0) {
      return Parsed.rejected("must be positive");
    }
    if (mib.stripTrailingZeros().scale() > 0) {
      return Parsed.rejected("is not a whole number of MB");
    }
    if (mib.compareTo(BigDecimal.valueOf(MIN_MEMORY_MIB)) < 0) {
      return Parsed.rejected("is less than 128 MB");
    }
    if (mib.compareTo(BigDecimal.valueOf(MAX_MEMORY_MIB)) > 0) {
      return Parsed.rejected("is more than 120 GB");
    }
    return Parsed.of(mib.longValueExact());
  }

  /** {@code "0.25 vCPU"} → 256 units. */
  public static Parsed cpuUnits(String text) {
    Matcher matcher = AMOUNT.matcher(text.trim());
    if (!matcher.matches()) {
      return Parsed.rejected("does not parse as a number and a unit");
    }
    if (!matcher.group(2).equalsIgnoreCase("vcpu")) {
      return Parsed.rejected("has the unknown unit '" + matcher.group(2) + "'");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    if (number.signum() <= 0) {
      return Parsed.rejected("must be positive");
    }
    BigDecimal units = number.multiply(BigDecimal.valueOf(1024));
    if (units.stripTrailingZeros().scale() > 0) {
      return Parsed.rejected("is not a multiple of 1/1024 vCPU");
    }
    if (units.compareTo(BigDecimal.valueOf(MIN_CPU_UNITS)) < 0) {
      return Parsed.rejected("is less than 0.25 vCPU");
    }
    if (units.compareTo(BigDecimal.valueOf(MAX_CPU_UNITS)) > 0) {
      return Parsed.rejected("is more than 16 vCPU");
    }
    return Parsed.of(units.longValueExact());
  }

  /** {@code 3} → 3 retries after a failed attempt; from 0 to {@value #MAX_RETRIES}. */
  public static Parsed retries(int retries) {
    if (retries < 0) {
      return Parsed.rejected("is negative");
    }
    if (retries > MAX_RETRIES) {
      return Parsed.rejected("is more than " + MAX_RETRIES);
    }
    return Parsed.of(retries);
  }

  /**
   * {@code 2} → at most 2 runs of the job at once; from 1 to {@value #MAX_CONCURRENCY}. The
   * annotation's default, {@code 0}, means "no per-job limit" and is never passed here.
   */
  public static Parsed concurrency(int concurrency) {
    if (concurrency < 1) {
      return Parsed.rejected("is not positive");
    }
    if (concurrency > MAX_CONCURRENCY) {
      return Parsed.rejected("is more than " + MAX_CONCURRENCY);
    }
    return Parsed.of(concurrency);
  }
}
