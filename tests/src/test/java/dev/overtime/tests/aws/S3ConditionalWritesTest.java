package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.aws.invoker.emulator.AwsEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 conditional writes the invoker's run records rely on (S3 User Guide, "How to prevent
 * object overwrites with conditional writes":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), held against
 * s3proxy, a third-party S3, and against the emulation the invoker's own tests use, so the two
 * cannot drift apart.
 */
class S3ConditionalWritesTest {
  private static final String BUCKET = "conditional";

  @TempDir Path work;

  @Test
  void s3proxyRefusesStaleAndDuplicateWritesAndLetsOneCreatorWin() throws Exception {
    try (S3ProxyServer s3 = new S3ProxyServer(work);
        S3Client client = s3.client()) {
      client.createBucket(b -> b.bucket(BUCKET));
      holdsConditionalWrites(client);
    }
  }

  @Test
  void theEmulationAgreesWithS3proxy() throws Exception {
    try (AwsEmulator aws = AwsEmulator.start();
        S3Client client = aws.s3Client()) {
      holdsConditionalWrites(client);
    }
  }

  private static void holdsConditionalWrites(S3Client s3) throws Exception {
    String first = put(s3, "runs/a/run.json", "v1", "*", null);
    assertEquals(
        412, status(() -> put(s3, "runs/a/run.json", "v1 again", "*", null)), "If-None-Match: *");
    String second = put(s3, "runs/a/run.json", "v2", null, first);
    assertEquals(
        412, status(() -> put(s3, "runs/a/run.json", "v3", null, first)), "If-Match, stale ETag");
    put(s3, "runs/a/run.json", "v3", null, second);
    assertEquals(
        "v3", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("runs/a/run.json")).asUtf8String());

    // Thirty creators race for one key, each with its own body. S3 lets exactly one write land.
    // A creator learns it won from a 200, or, when the SDK retried after a failed attempt (the
    // connection broke after the write had landed), from a 412 whose retry found its own body:
    // the ambiguity every S3 client has, which the invoker resolves by reading the key back.
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Creator>> creators =
        IntStream.range(0, 30)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                            put(s3, "idempotency/k.json", "run " + i, "*", null);
                            return new Creator(i, 200, 1);
                          } catch (S3Exception e) {
                            if (e.statusCode() == 412 || e.statusCode() == 409) {
                              return new Creator(i, e.statusCode(), e.numAttempts());
                            }
                            throw e;
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    go.countDown();
    List<Creator> answers = new ArrayList<>();
    for (CompletableFuture<Creator> creator : creators) {
      answers.add(creator.get());
    }
    String stored =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("idempotency/k.json")).asUtf8String();
    assertTrue(stored.matches("run \\d+"), "the stored body is one creator's: " + stored);
    Creator owner = answers.get(Integer.parseInt(stored.substring("run ".length())));
    List<Creator> succeeded = answers.stream().filter(a -> a.status() == 200).toList();
    assertTrue(
        succeeded.isEmpty() || succeeded.equals(List.of(owner)),
        "only the creator whose body is stored saw its write succeed: " + answers);
    assertTrue(
        owner.status() == 200 || owner.attempts() > 1,
        "the owner saw 200, or a 412 only on a retry after its own write landed: " + owner);
  }

  /** What one racing creator was answered: HTTP status, and SDK attempts it took. */
  private record Creator(int index, int status, int attempts) {}

  /**
   * A conditional PUT, resolved as the invoker resolves it: when the SDK retried after a failed
   * attempt (the connection broke, here after s3proxy answered a previous request early) and the
   * retry was refused with 412, the first attempt may have landed, which moved the ETag. The key is
   * read back; holding this very body, the write was this call's own.
   */
  private static String put(
      S3Client s3, String key, String body, String ifNoneMatch, String ifMatch) {
    try {
      return s3.putObject(
              b -> {
                b.bucket(BUCKET).key(key);
                if (ifNoneMatch != null) {
                  b.ifNoneMatch(ifNoneMatch);
                }
                if (ifMatch != null) {
                  b.ifMatch(ifMatch);
                }
              },
              RequestBody.fromString(body))
          .eTag();
    } catch (S3Exception e) {
      if (e.statusCode() != 412 || e.numAttempts() < 2) {
        throw e;
      }
      var stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
      if (!stored.asUtf8String().equals(body)) {
        throw e;
      }
      return stored.response().eTag();
    }
  }

  private static int status(Runnable write) {
    return assertThrows(S3Exception.class, write::run).statusCode();
  }
}
