package dev.overtime.contract;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Run ids: ULIDs, 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by 80
 * random bits. Ids sort by creation time, and ids made by one generator in the same millisecond (or
 * when the clock steps back) sort in creation order: the random part of the previous id is
 * incremented, as the ULID specification's monotonic generator does.
 *
 * <pre>{@code
 * RunIds ids = new RunIds();
 * String id = ids.next();                 // "01KB6W3V8Z5N7Q2X4Y6A8C0E2G"
 * boolean ok = RunIds.isWellFormed(id);   // true
 * }</pre>
 */
public final class RunIds {
  /** The length of every run id. */
  public static final int LENGTH = 26;

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long randomHigh; // 16 bits
  private long randomLow; // 64 bits

  /** A new id for now. */
  public String next() {
    return next(System.currentTimeMillis());
  }

  /** A new id for {@code now} (an engine with its own clock passes it). */
  public String next(Instant now) {
    return next(now.toEpochMilli());
  }

  private synchronized String next(long nowMillis) {
    long now = nowMillis;
    if (now <= lastMillis) {
      now = lastMillis;
      randomLow++;
      if (randomLow == 0) {
        randomHigh = (randomHigh + 1) & 0xFFFF;
      }
    } else {
      lastMillis = now;
      randomHigh = random.nextInt(1 << 15); // leave headroom so increments never overflow
      randomLow = random.nextLong();
    }
    char[] id = new char[LENGTH];
    long time = now;
    for (int i = 9; i >= 0; i--) {
      id[i] = ALPHABET.charAt((int) (time & 31));
      time >>>= 5;
    }
    // 80 random bits = high 16 bits + low 64 bits, written as 16 characters of 5 bits.
    long high = randomHigh;
    long low = randomLow;
    for (int i = LENGTH - 1; i >= 10; i--) {
      id[i] = ALPHABET.charAt((int) (low & 31));
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(id);
  }

  /**
   * Whether {@code id} has the form of a run id: 26 characters of upper-case Crockford base32. Safe
   * to use in a file name or an S3 key when true.
   */
  public static boolean isWellFormed(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    // The first character holds the top 3 bits of the 48-bit timestamp: 0 to 7.
    return id.charAt(0) <= '7';
  }
}
