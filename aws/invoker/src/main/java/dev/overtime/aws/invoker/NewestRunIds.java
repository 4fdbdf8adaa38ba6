package dev.overtime.aws.invoker;

import dev.overtime.contract.RunIds;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Run ids under a key prefix, newest first, with a bounded number of {@code ListObjectsV2}
 * requests. S3 lists keys in ascending order only (S3 API reference, ListObjectsV2:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), and run ids are ULIDs
 * whose first 10 characters are their creation time in milliseconds, so the newest runs are found
 * by listing windows of creation time backwards from the newest: a window is listed from its start
 * ({@code StartAfter} its time prefix) and reversed; an empty window makes the next one 4 times
 * wider, a window holding more than one list page is narrowed 8 times and listed again. With a
 * delimiter {@code /} each run's folder ({@code runs/<id>/}) counts as one key of the page.
 *
 * <p>The position to continue from is an exclusive upper bound on ids: a run id (runs created
 * before it) or a 10-character time prefix (runs created before that millisecond); both compare
 * correctly as strings against ids.
 */
final class NewestRunIds {
  /** How far ahead of the invoker's clock a run id may be (another invoker's clock). */
  static final java.time.Duration CLOCK_SLACK = java.time.Duration.ofDays(1);

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final long FIRST_WINDOW_MILLIS = java.time.Duration.ofHours(1).toMillis();
  private static final long WIDEST_WINDOW_MILLIS = 1L << 42; // about 139 years

  private final S3Client s3;
  private final String bucket;
  private final String keyPrefix;
  private final boolean grouped;
  private final int pageKeys;
  private int listBudget;

  private final Deque<String> window = new ArrayDeque<>();
  private String upper; // the scan's position: ids below it are not listed yet
  private String resume; // the bound below the last id handed out
  private long oldestMillis = -1;
  private long windowMillis = FIRST_WINDOW_MILLIS;
  private boolean nothingOlder;

  /**
   * @param keyPrefix the keys' prefix before the run id ({@code overtime/runs/} or {@code
   *     overtime/runs/_active/})
   * @param grouped whether each run is a folder of keys (list with delimiter {@code /})
   * @param before the exclusive upper bound to start below, or null for the newest runs
   * @param now the invoker's clock, for the first bound
   * @param pageKeys keys per list request (S3 allows at most 1,000)
   * @param listBudget the most list requests this scan makes
   */
  NewestRunIds(
      S3Client s3,
      String bucket,
      String keyPrefix,
      boolean grouped,
      String before,
      Instant now,
      int pageKeys,
      int listBudget) {
    this.s3 = s3;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.grouped = grouped;
    this.pageKeys = pageKeys;
    this.listBudget = listBudget;
    this.upper = before != null ? before : timePrefix(now.plus(CLOCK_SLACK).toEpochMilli());
    this.resume = upper;
  }

  /** Whether {@code bound} is a position this class hands out: a run id or a time prefix. */
  static boolean isBound(String bound) {
    if (bound == null) {
      return false;
    }
    if (bound.length() == RunIds.LENGTH) {
      return RunIds.isWellFormed(bound);
    }
    return bound.length() == 10
        && bound.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)
        && bound.charAt(0) <= '7';
  }

  /**
   * The next older run id, or empty when there is none or the list budget is spent ({@link
   * #position()} tells which).
   */
  Optional<String> next() {
    while (window.isEmpty()) {
      if (nothingOlder || listBudget <= 0) {
        return Optional.empty();
      }
      fill();
    }
    String id = window.poll();
    resume = id;
    return Optional.of(id);
  }

  /** Where a later scan continues: below the last id handed out; null when no older id is left. */
  String position() {
    if (window.isEmpty()) {
      return nothingOlder ? null : (resume.compareTo(upper) < 0 ? resume : upper);
    }
    return resume;
  }

  private void fill() {
    if (oldestMillis < 0) {
      ListObjectsV2Response first = list(null, 1);
      Optional<String> oldest = ids(first).stream().findFirst();
      if (oldest.isEmpty() || oldest.get().compareTo(upper) >= 0) {
        nothingOlder = true;
        return;
      }
      oldestMillis = millis(oldest.get());
      if (listBudget <= 0) {
        return;
      }
    }
    long lowMillis = Math.max(oldestMillis, millis(upper) - windowMillis);
    ListObjectsV2Response page = list(keyPrefix + timePrefix(lowMillis), pageKeys);
    List<String> ids = new ArrayList<>();
    for (String id : ids(page)) {
      if (id.compareTo(upper) < 0) {
        ids.add(id);
      }
    }
    boolean wholeWindow = !page.isTruncated() || ids.size() < listedCount(page);
    if (!wholeWindow && windowMillis > 1) {
      windowMillis = Math.max(1, windowMillis / 8);
      return; // list a narrower window below the same bound
    }
    Collections.reverse(ids);
    resume = upper;
    window.addAll(ids);
    if (lowMillis <= oldestMillis) {
      nothingOlder = true;
    } else {
      upper = timePrefix(lowMillis);
    }
    if (ids.size() < pageKeys / 4) {
      windowMillis = Math.min(WIDEST_WINDOW_MILLIS, windowMillis * 4);
    }
  }

  private ListObjectsV2Response list(String startAfter, int maxKeys) {
    listBudget--;
    return s3.listObjectsV2(
        b -> {
          b.bucket(bucket).prefix(keyPrefix).maxKeys(maxKeys);
          if (grouped) {
            b.delimiter("/");
          }
          if (startAfter != null) {
            b.startAfter(startAfter);
          }
        });
  }

  private static int listedCount(ListObjectsV2Response page) {
    return page.contents().size() + page.commonPrefixes().size();
  }

  /** The well-formed run ids of a page, in key order (the page's own order). */
  private List<String> ids(ListObjectsV2Response page) {
    List<String> names = new ArrayList<>();
    if (grouped) {
      for (CommonPrefix common : page.commonPrefixes()) {
        String name = common.prefix().substring(keyPrefix.length());
        names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
      }
    } else {
      for (S3Object object : page.contents()) {
        names.add(object.key().substring(keyPrefix.length()));
      }
    }
    names.removeIf(name -> !RunIds.isWellFormed(name));
    Collections.sort(names);
    return names;
  }

  /** The creation time of a run id or time prefix, in milliseconds. */
  static long millis(String idOrPrefix) {
    long time = 0;
    for (int i = 0; i < 10; i++) {
      time = (time << 5) | ALPHABET.indexOf(idOrPrefix.charAt(i));
    }
    return time;
  }

  /** The 10-character time prefix of ids created at {@code millis}. */
  static String timePrefix(long millis) {
    char[] chars = new char[10];
    long time = Math.max(0, millis);
    for (int i = 9; i >= 0; i--) {
      chars[i] = ALPHABET.charAt((int) (time & 31));
      time >>>= 5;
    }
    return new String(chars);
  }
}
