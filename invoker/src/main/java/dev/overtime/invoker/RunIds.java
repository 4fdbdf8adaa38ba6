package dev.overtime.invoker;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * New run ids: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random bits (the
 * ULID layout), so ids sort by creation time and never repeat in practice.
 */
final class RunIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  static String next(Instant now) {
    char[] id = new char[26];
    long millis = now.toEpochMilli();
    for (int i = 9; i >= 0; i--) {
      id[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (random[i] & 0xff);
      low = (low << 8) | (random[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      id[i] = ALPHABET[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      id[i] = ALPHABET[(int) (low & 31)];
      low >>>= 5;
    }
    return new String(id);
  }

  /** Whether {@code id} has the form of a run id (so it can be used in an S3 key safely). */
  static boolean isWellFormed(String id) {
    if (id == null || id.length() != 26) {
      return false;
    }
    for (char c : id.toCharArray()) {
      if (new String(ALPHABET).indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
