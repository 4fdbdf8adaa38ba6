package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overtime.aws.invoker.emulator.AwsEmulator;
import java.nio.file.Path;
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

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> creators =
        IntStream.range(0, 30)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                            put(s3, "idempotency/k.json", "run " + i, "*", null);
                            return true;
                          } catch (S3Exception e) {
                            if (e.statusCode() == 412 || e.statusCode() == 409) {
                              return false;
                            }
                            throw e;
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    go.countDown();
    long winners = 0;
    for (CompletableFuture<Boolean> creator : creators) {
      winners += creator.get() ? 1 : 0;
    }
    assertEquals(1, winners, "30 concurrent If-None-Match: * writes, one winner");
  }

  private static String put(
      S3Client s3, String key, String body, String ifNoneMatch, String ifMatch) {
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
  }

  private static int status(Runnable write) {
    return assertThrows(S3Exception.class, write::run).statusCode();
  }
}
