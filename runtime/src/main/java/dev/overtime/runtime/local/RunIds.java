package dev.overtime.runtime.local;

import java.security.SecureRandom;

/**
 * ULID-style run ids: 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by
 * 80 random bits. Ids sort by creation time, and ids made by one generator in the same millisecond
 * sort in creation order (the random part is incremented).
 */
final class RunIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long randomHigh; // 16 bits
  private long randomLow; // 64 bits

  synchronized String next() {
    long now = System.currentTimeMillis();
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
    char[] id = new char[26];
    long time = now;
    for (int i = 9; i >= 0; i--) {
      id[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits = high 16 bits + low 64 bits, written as 16 characters of 5 bits.
    long high = randomHigh;
    long low = randomLow;
    for (int i = 25; i >= 10; i--) {
      id[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(id);
  }
}
